import {
  DEFAULT_LIMITS,
  type DeliveryDeps,
  type LogFields,
  type Logger,
  type OutboxStore,
  type Surface,
  activateCampaign,
  createCampaign,
  createSandbox,
  createSurface,
  triggerExecution,
} from "@herald/core";
import { createStore } from "@herald/db";
import { migrateLibsql, openLibsqlDatabase } from "@herald/db/libsql";
import { createNodeSocketConnector } from "../email/node-socket.ts";
import { createHttpClient } from "../http/http-client.ts";
import { resolveSender } from "../registry.ts";
import { LocalQueue, type LocalQueueOptions } from "./local-queue.ts";

/** Creates a logger that keeps every line, as JSON text, for tests that inspect the logs. */
export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return { lines, info: write("info"), warn: write("warn"), error: write("error") };
}

export interface HeraldFixture {
  deps: DeliveryDeps;
  queue: LocalQueue;
  log: ReturnType<typeof capturingLogger>;
  /** Creates a sandbox, the surface and a live campaign, and returns their ids. */
  liveCampaign(surface: Record<string, unknown>, campaign: Record<string, unknown>): Promise<{ sandboxId: string; campaignId: string }>;
  /** Triggers the campaign for every recipient, 100 per call. */
  trigger(sandboxId: string, campaignId: string, recipients: unknown[]): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Runs Herald's core verbs on Node over an in-memory libSQL database, real providers from the registry
 * and a `LocalQueue`, with `secrets` as the Worker secrets the surfaces name.
 */
export async function startHeraldFixture(secrets: Record<string, string>, queueOptions: LocalQueueOptions): Promise<HeraldFixture> {
  // An in-memory libSQL database: the same engine and migrations as a file, without the fsync
  // cost that would dominate a run of thousands of small writes.
  const { db, client } = await openLibsqlDatabase(":memory:");
  await migrateLibsql(db);
  const store = createStore(db);
  const queue = new LocalQueue(queueOptions);
  const log = capturingLogger();
  const connector = createNodeSocketConnector();
  const runtime = {
    outbox: store,
    connector,
    http: createHttpClient(fetch, connector),
    secret: (name: string) => secrets[name],
  };
  const deps: DeliveryDeps = {
    store,
    queue,
    now: () => new Date(),
    limits: { ...DEFAULT_LIMITS, maxRecipients: 100 },
    log,
    senderFor: (surface: Surface, outbox: OutboxStore = store) => resolveSender(surface, { ...runtime, outbox }),
  };
  return {
    deps,
    queue,
    log,
    async liveCampaign(surfaceBody, campaignBody) {
      const { sandbox } = await createSandbox(deps, { name: `fixture-${Date.now().toString(36)}` });
      const surface = await createSurface(deps, sandbox.id, surfaceBody);
      const { campaign } = await createCampaign(deps, sandbox.id, { ...campaignBody, surfaceId: surface.id });
      await activateCampaign(deps, sandbox.id, campaign.id);
      return { sandboxId: sandbox.id, campaignId: campaign.id };
    },
    async trigger(sandboxId, campaignId, recipients) {
      const messageIds: string[] = [];
      for (let start = 0; start < recipients.length; start += 100) {
        const body = { requestId: `run-${start}-${Date.now()}`, campaignId, recipients: recipients.slice(start, start + 100) };
        const { response } = await triggerExecution(deps, sandboxId, body);
        messageIds.push(...response.recipients.map((item) => item.messageId));
      }
      return messageIds;
    },
    async close() {
      client.close();
    },
  };
}
