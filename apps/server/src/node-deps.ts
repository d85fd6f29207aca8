import { createHash } from "node:crypto";
import { createHttpClient, resolveSender } from "@herald/channels";
import { createNodeSocketConnector } from "@herald/channels/node";
import {
  type DeliveryDeps,
  type Deps,
  EnqueueError,
  type ExecutionWrite,
  type Logger,
  type OutboxStore,
  type SecretAccess,
  type Surface,
  parseSecretGrants,
  resolveSecretAccess,
} from "@herald/core";
import { type HeraldDatabase, type JobQueue, cachedStore, createLookupCaches, createStore } from "@herald/db";
import type { ServerConfig } from "./config.ts";

/**
 * Returns the SHA-256 of `text` as lowercase hex with Node's createHash: about 1 µs for a
 * small trigger body on Node 20, where WebCrypto's digest took 10 to 20 µs.
 */
export function nodeSha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Builds the core deps for the Node server: the cached store over libSQL, a queue that adds
 * jobs to the queue table and wakes the consumer, and secrets from environment variables
 * granted by `PROVIDER_SECRETS`, as on Workers.
 *
 * A trigger call's write batch adds its messages' jobs itself, so the call makes two database
 * round trips, as on Workers, and a crash cannot separate a message from its job. The enqueue
 * that core makes right after skips those jobs and only wakes the consumer. Other enqueues,
 * from the sweep or a replay, still add their jobs.
 */
export function nodeDeps(
  config: ServerConfig,
  db: HeraldDatabase,
  queue: JobQueue,
  wake: () => void,
  log: Logger,
): Deps {
  const tables = createStore(db, { writeJobs: true });
  // Ids whose jobs a write batch added and whose enqueue has not come yet.
  const jobsWritten = new Set<string>();
  const tracked = {
    ...tables,
    async writeExecution(write: ExecutionWrite) {
      const written = await tables.writeExecution(write);
      if (written) {
        for (const { record } of write.messages) {
          jobsWritten.add(record.id);
        }
      }
      return written;
    },
  };
  const store = cachedStore(tracked, createLookupCaches({ ttlMs: config.cacheTtlSeconds * 1000 }));
  const grants = parseSecretGrants(config.secrets.PROVIDER_SECRETS);
  return {
    store,
    queue: {
      async enqueue(channel, jobs) {
        const missing = jobs.map((job) => job.messageId).filter((messageId) => !jobsWritten.delete(messageId));
        try {
          if (missing.length > 0) {
            await queue.enqueue(channel, missing, Date.now());
          }
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new EnqueueError(`adding jobs to the ${channel} queue failed: ${reason}`, 0, { cause: error });
        }
        wake();
      },
    },
    now: () => new Date(),
    limits: config.limits,
    log,
    secretAccess: () => resolveSecretAccess(grants, store, (name) => config.secrets[name]),
    sha256Hex: nodeSha256Hex,
  };
}

/**
 * Returns a function that yields the delivery deps: `deps` plus the provider of each surface,
 * with the secrets its sandbox is granted. The grants' sandbox names resolve to ids through
 * the store, so the result is reused for `ttlMs` instead of being rebuilt for every message.
 */
export function nodeDeliveryDeps(deps: Deps, ttlMs: number): () => Promise<DeliveryDeps> {
  const connector = createNodeSocketConnector();
  const http = createHttpClient((input, init) => fetch(input, init), connector);
  const build = async (): Promise<DeliveryDeps> => {
    const access: SecretAccess = deps.secretAccess
      ? await deps.secretAccess()
      : { isGranted: () => false, value: () => undefined };
    const senderFor = (surface: Surface, outbox: OutboxStore = deps.store) =>
      resolveSender(surface, {
        outbox,
        connector,
        http,
        secret: (name: string) => access.value(surface.sandboxId, name),
      });
    return { ...deps, senderFor };
  };
  let cached: { deps: Promise<DeliveryDeps>; expiresAt: number } | undefined;
  return () => {
    if (cached === undefined || cached.expiresAt <= Date.now()) {
      const current = { deps: build(), expiresAt: Date.now() + ttlMs };
      // A failed build is not kept, so the next delivery tries again.
      current.deps.catch(() => {
        if (cached === current) {
          cached = undefined;
        }
      });
      cached = current;
    }
    return cached.deps;
  };
}
