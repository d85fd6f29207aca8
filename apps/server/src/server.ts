import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type HeraldApp, createApp, jsonLogger } from "@herald/api";
import { createHttpClient, resolveSender } from "@herald/channels";
import { createNodeSocketConnector } from "@herald/channels/node";
import {
  type DeliveryDeps,
  type Deps,
  EnqueueError,
  deadLetterMessage,
  deliverMessage,
  parseSecretGrants,
  resolveSecretAccess,
  sweepUnqueuedMessages,
} from "@herald/core";
import { cachedStore, createLookupCaches, createStore, jobQueue } from "@herald/db";
import { migrateLibsql, openLibsqlDatabase } from "@herald/db/libsql";
import { serve } from "@hono/node-server";
import type { ServerConfig } from "./config.ts";
import { type Consumer, startConsumer } from "./consumer.ts";

export interface RunningServer {
  url: string;
  app: HeraldApp;
  /** Stops accepting requests, finishes the deliveries in flight and closes the database. */
  close(): Promise<void>;
}

/** How often messages whose enqueue failed are looked for, as the Worker's cron does. */
const SWEEP_INTERVAL_MS = 60_000;

function ensureDatabaseFolder(databaseUrl: string) {
  if (databaseUrl.startsWith("file:")) {
    const path = databaseUrl.startsWith("file://") ? fileURLToPath(databaseUrl) : databaseUrl.slice("file:".length);
    mkdirSync(dirname(path), { recursive: true });
  }
}

/**
 * Starts Herald on Node: migrates the libSQL database, serves the Hono app and runs the
 * delivery consumer over the queue table in the same database.
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = jsonLogger();
  ensureDatabaseFolder(config.databaseUrl);
  const { db, client } = await openLibsqlDatabase(config.databaseUrl, config.databaseAuthToken);
  await migrateLibsql(db);

  const queue = jobQueue(db);
  let consumer: Consumer | undefined;
  const deps: Deps = {
    store: cachedStore(createStore(db), createLookupCaches({ ttlMs: config.cacheTtlSeconds * 1000 })),
    queue: {
      async enqueue(channel, jobs) {
        try {
          await queue.enqueue(channel, jobs.map((job) => job.messageId), Date.now());
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new EnqueueError(`adding jobs to the ${channel} queue failed: ${reason}`, 0, { cause: error });
        }
        consumer?.wake();
      },
    },
    now: () => new Date(),
    limits: config.limits,
    log,
  };
  const runtime = {
    deps,
    publicUrl: config.publicUrl,
    bootstrapToken: config.bootstrapToken,
    maxBodyBytes: config.maxBodyBytes,
  };
  const app = createApp(() => runtime);
  // Surfaces read only the secrets PROVIDER_SECRETS grants to their sandbox; the grants are
  // resolved again at most once a second, so a sandbox created later gets its grants soon.
  const grants = parseSecretGrants(config.secrets.PROVIDER_SECRETS);
  const readSecret = (name: string) => config.secrets[name];
  const resolveAccess = () => resolveSecretAccess(grants, deps.store, readSecret);
  deps.secretAccess = resolveAccess;
  let access = await resolveAccess();
  let accessResolvedAt = Date.now();
  const refreshAccess = async () => {
    if (Date.now() - accessResolvedAt >= 1000) {
      access = await resolveAccess();
      accessResolvedAt = Date.now();
    }
  };
  const connector = createNodeSocketConnector();
  const http = createHttpClient((input, init) => fetch(input, init), connector);
  const delivery: DeliveryDeps = {
    ...deps,
    senderFor: (surface) =>
      resolveSender(surface, {
        outbox: deps.store,
        connector,
        http,
        secret: (name: string) => access.value(surface.sandboxId, name),
      }),
  };
  consumer = startConsumer({
    ...config.queue,
    queue,
    log,
    retryBaseSeconds: config.limits.retryBaseSeconds,
    deliver: async (job) => {
      await refreshAccess();
      return deliverMessage(delivery, job);
    },
    deadLetter: (job) => deadLetterMessage(delivery, job),
  });

  const sweep = setInterval(() => {
    sweepUnqueuedMessages(deps, { staleAfterSeconds: config.requeueAfterSeconds }).catch((error: unknown) => {
      log.error("unqueued sweep failed", { error: error instanceof Error ? error.message : String(error) });
    });
  }, SWEEP_INTERVAL_MS);
  sweep.unref();

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(started));
    started.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  log.info("server started", { url, pid: process.pid });

  return {
    url,
    app,
    async close() {
      clearInterval(sweep);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await consumer.stop();
      client.close();
      log.info("server stopped", { url });
    },
  };
}
