import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type HeraldApp, createApp, jsonLogger } from "@herald/api";
import { deadLetterMessage, deliverMessages, sweepUnqueuedMessages } from "@herald/core";
import { jobQueue } from "@herald/db";
import { migrateLibsql, openLibsqlDatabase } from "@herald/db/libsql";
import { serve } from "@hono/node-server";
import type { ServerConfig } from "./config.ts";
import { type Consumer, startConsumer } from "./consumer.ts";
import { processLogWriter } from "./log-writer.ts";
import { nodeDeliveryDeps, nodeDeps } from "./node-deps.ts";

export interface RunningServer {
  url: string;
  app: HeraldApp;
  /** Stops accepting requests, finishes the deliveries in flight and closes the database. */
  close(): Promise<void>;
}

/** How often messages whose enqueue failed are looked for, as the Worker's cron does. */
const SWEEP_INTERVAL_MS = 60_000;

export function ensureDatabaseFolder(databaseUrl: string) {
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
  const logWriter = processLogWriter();
  const log = jsonLogger({}, logWriter);
  ensureDatabaseFolder(config.databaseUrl);
  const { db, client } = await openLibsqlDatabase(config.databaseUrl, config.databaseAuthToken, {
    onCheckpointError: (error) => log.error("wal checkpoint thread failed", { error: error.message }),
  });
  await migrateLibsql(db);

  const queue = jobQueue(db);
  const recovered = await queue.recoverQueued(Date.now());
  if (recovered > 0) {
    log.warn("queued messages recovered", { messages: recovered });
  }
  let consumer: Consumer | undefined;
  const deps = nodeDeps(config, db, queue, () => consumer?.wake(), log);
  const runtime = {
    deps,
    publicUrl: config.publicUrl,
    bootstrapToken: config.bootstrapToken,
    maxBodyBytes: config.maxBodyBytes,
    // Counts in this process, which is all a single Node server needs.
    defaultRateLimit: config.defaultRateLimit,
  };
  const app = createApp(() => runtime, { logWriter });
  const deliveryDeps = nodeDeliveryDeps(deps, config.cacheTtlSeconds * 1000);
  consumer = startConsumer({
    ...config.queue,
    queue,
    log,
    retryBaseSeconds: config.limits.retryBaseSeconds,
    deliver: async (jobs) => deliverMessages(await deliveryDeps(), jobs, { sendConcurrency: config.queue.concurrency }),
    deadLetter: async (job) => deadLetterMessage(await deliveryDeps(), job),
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
