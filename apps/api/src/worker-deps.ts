import { errorSummary,
  type Channel,
  DEFAULT_LIMITS,
  type DeliveryDeps,
  type Deps,
  EnqueueError,
  type Limits,
  type MessageQueue,
  type OutboxStore,
  type RateLimit,
  type SecretAccess,
  type Surface,
  parseSecretGrants,
  resolveSecretAccess,
} from "@herald/core";
import { createHttpClient, resolveSender } from "@herald/channels";
import { workersSocketConnector } from "@herald/channels/workers";
import {
  DEFAULT_CACHE_TTL_SECONDS,
  type HeraldDatabase,
  type LookupCaches,
  cachedStore,
  createLookupCaches,
  createStore,
  schema,
} from "@herald/db";
import { DEFAULT_RATE_LIMIT } from "./app.ts";
import { jsonLogger } from "./logger.ts";
import { MESSAGES_PER_QUEUE_MESSAGE, packJobs } from "./queue/packed-jobs.ts";
import { workerDatabase } from "./worker-database.ts";
import type { WorkerEnv } from "./worker-env.ts";

const QUEUE_BINDING: Record<Channel, "QUEUE_EMAIL" | "QUEUE_SMS" | "QUEUE_PUSH"> = {
  email: "QUEUE_EMAIL",
  sms: "QUEUE_SMS",
  push: "QUEUE_PUSH",
};

/** Cloudflare Queues accept at most 100 messages per sendBatch call. */
const SEND_BATCH_MAX = 100;

function positiveInteger(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function nonNegativeInteger(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw !== undefined && raw.trim() !== "" && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** One set of caches per isolate, created with the first request's settings. */
let lookupCaches: LookupCaches | undefined;

function cachesFor(env: WorkerEnv): LookupCaches {
  lookupCaches ??= createLookupCaches({
    ttlMs: nonNegativeInteger(env.CACHE_TTL_SECONDS, DEFAULT_CACHE_TTL_SECONDS) * 1000,
  });
  return lookupCaches;
}

export function limitsFrom(env: WorkerEnv): Limits {
  return {
    maxRecipients: positiveInteger(env.MAX_RECIPIENTS, DEFAULT_LIMITS.maxRecipients),
    maxContextBytes: positiveInteger(env.MAX_CONTEXT_BYTES, DEFAULT_LIMITS.maxContextBytes),
    retryBaseSeconds: nonNegativeInteger(env.RETRY_BASE_SECONDS, DEFAULT_LIMITS.retryBaseSeconds),
    idempotencyWindowSeconds: positiveInteger(env.IDEMPOTENCY_WINDOW_SECONDS, DEFAULT_LIMITS.idempotencyWindowSeconds),
  };
}

/** Seconds after which a message still `queued` counts as lost by its queue and is sent again. */
export function requeueAfterSeconds(env: WorkerEnv): number {
  return positiveInteger(env.REQUEUE_AFTER_SECONDS, 600);
}

export function maxBodyBytes(env: WorkerEnv): number {
  return positiveInteger(env.MAX_BODY_BYTES, 2 * 1024 * 1024);
}

function queuesFrom(env: WorkerEnv): MessageQueue {
  return {
    async enqueue(channel, jobs) {
      const queue = env[QUEUE_BINDING[channel]];
      const bodies = packJobs(jobs);
      for (let start = 0; start < bodies.length; start += SEND_BATCH_MAX) {
        const chunk = bodies.slice(start, start + SEND_BATCH_MAX);
        try {
          await queue.sendBatch(chunk.map((body) => ({ body, contentType: "json" as const })));
        } catch (error) {
          const reason = errorSummary(error);
          const sent = start * MESSAGES_PER_QUEUE_MESSAGE;
          throw new EnqueueError(`sending to the ${channel} queue failed: ${reason}`, sent, { cause: error });
        }
      }
    },
  };
}

/** Deps built for each environment object; an isolate passes the same `env` to its requests. */
const depsByEnv = new WeakMap<WorkerEnv, Deps>();

/**
 * Returns the core deps over the Worker's bindings, built once per environment object: the
 * drizzle instance and the stores took about 150 µs to build on each request.
 */
export function workerDeps(env: WorkerEnv): Deps {
  let deps = depsByEnv.get(env);
  if (deps === undefined) {
    deps = buildWorkerDeps(env);
    depsByEnv.set(env, deps);
  }
  return deps;
}

function buildWorkerDeps(env: WorkerEnv): Deps {
  const db = workerDatabase(env);
  const store = cachedStore(createStore(db), cachesFor(env));
  return {
    store,
    queue: queuesFrom(env),
    now: () => new Date(),
    limits: limitsFrom(env),
    log: jsonLogger(),
    webhooks: {
      async enqueueWebhooks(jobs) {
        for (let start = 0; start < jobs.length; start += SEND_BATCH_MAX) {
          const chunk = jobs.slice(start, start + SEND_BATCH_MAX);
          await env.QUEUE_WEBHOOKS.sendBatch(chunk.map((body) => ({ body, contentType: "json" as const })));
        }
      },
    },
    secretAccess: () => secretAccessFor(env, { store }),
  };
}

/** Resolves which Worker secrets each sandbox's surfaces may read, from `PROVIDER_SECRETS`. */
export function secretAccessFor(env: WorkerEnv, deps: Pick<Deps, "store">): Promise<SecretAccess> {
  return resolveSecretAccess(parseSecretGrants(env.PROVIDER_SECRETS), deps.store, (name) => {
    const value = env[name];
    return typeof value === "string" ? value : undefined;
  });
}

/** Builds the core deps plus the provider for each surface, for the queue consumers. */
export async function deliveryDeps(env: WorkerEnv, deps: Deps = workerDeps(env)): Promise<DeliveryDeps> {
  const access = await secretAccessFor(env, deps);
  const http = createHttpClient((input, init) => fetch(input, init), workersSocketConnector);
  const senderFor = (surface: Surface, outbox: OutboxStore = deps.store) =>
    resolveSender(surface, {
      outbox,
      connector: workersSocketConnector,
      http,
      secret: (name: string) => access.value(surface.sandboxId, name),
    });
  return { ...deps, senderFor };
}

/** The rate limit of keys without their own: `RATE_LIMIT_REQUESTS` per `RATE_LIMIT_WINDOW_SECONDS`. */
export function defaultRateLimit(env: WorkerEnv): RateLimit {
  return {
    limit: positiveInteger(env.RATE_LIMIT_REQUESTS, DEFAULT_RATE_LIMIT.limit),
    windowSeconds: positiveInteger(env.RATE_LIMIT_WINDOW_SECONDS, DEFAULT_RATE_LIMIT.windowSeconds),
  };
}

export function allowLoopbackWebhooks(env: WorkerEnv): boolean {
  return env.HERALD_ALLOW_LOOPBACK_WEBHOOKS === "true";
}
