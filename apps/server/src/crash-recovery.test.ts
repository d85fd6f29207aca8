import { createHeraldClient } from "@herald/client";
import { type Client, createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOOTSTRAP_TOKEN, type HeraldClient, liveOutboxCampaign, triggerBody } from "../test/fixtures.ts";
import { type ServerProcess, startServerProcess, stopServerProcess, temporaryDatabase } from "../test/server-process.ts";

const CALLS = 120;
const RECIPIENTS = 5;

const database = temporaryDatabase();
const env = {
  DATABASE_URL: database.url,
  HERALD_BOOTSTRAP_TOKEN: BOOTSTRAP_TOKEN,
  QUEUE_LEASE_SECONDS: "1",
  QUEUE_CONCURRENCY: "4",
  QUEUE_BATCH_SIZE: "4",
  QUEUE_POLL_MS: "50",
  // The outbox sends in microseconds, so a message left `sending` by the kill is resent soon.
  SENDING_LEASE_SECONDS: "3",
};
let reader: Client;
let server: ServerProcess | undefined;

async function count(sql: string): Promise<number> {
  const result = await reader.execute(sql);
  return Number(result.rows[0]?.[0] ?? 0);
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends a trigger call until it is accepted, waiting out a call still in progress. */
async function triggerUntilAccepted(herald: HeraldClient, body: ReturnType<typeof triggerBody>) {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const response = await herald.ajo.im.executions.unitary.$post({ json: body });
    if (response.status === 202) {
      return response.json();
    }
    const retryAfter = Number(response.headers.get("retry-after") ?? "1");
    expect(response.status, await response.text()).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
  }
  throw new Error(`trigger ${body.requestId} was never accepted`);
}

beforeAll(() => {
  reader = createClient({ url: database.url });
});

afterAll(async () => {
  if (server) {
    await stopServerProcess(server, "SIGKILL");
  }
  reader.close();
  database.remove();
});

describe("node server crash", () => {
  it("sends every message once after SIGKILL", async () => {
    server = await startServerProcess(env);
    const { apiKey, campaignId } = await liveOutboxCampaign(server.url, "crash");
    const bodies = Array.from({ length: CALLS }, (_, index) => triggerBody(campaignId, `crash-${index}`, RECIPIENTS));

    // Trigger calls keep coming while the consumer delivers, so the kill lands in both.
    const first = createHeraldClient(server.url, { apiKey });
    let next = 0;
    const pump = async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as (typeof bodies)[number];
        await first.ajo.im.executions.unitary.$post({ json: body }).catch(() => null);
      }
    };
    const pumps = Array.from({ length: 8 }, pump);
    const killAt = Math.floor((CALLS * RECIPIENTS) / 3);
    const midRun = async () =>
      (await count("select count(*) from outbox")) >= killAt && (await count("select count(*) from queue_jobs")) > 0;
    await waitFor(midRun, 30_000, `${killAt} messages are sent and more are queued`);
    const killedWith = await stopServerProcess(server, "SIGKILL");
    await Promise.all(pumps);
    expect(killedWith).toBe("SIGKILL");
    const jobsBeforeKill = await count("select count(*) from queue_jobs");

    server = await startServerProcess(env);
    const herald = createHeraldClient(server.url, { apiKey });
    const accepted = [];
    for (const body of bodies) {
      accepted.push(await triggerUntilAccepted(herald, body));
    }
    await waitFor(async () => (await count("select count(*) from queue_jobs")) === 0, 60_000, "the queue is empty");

    expect(jobsBeforeKill).toBeGreaterThan(0);
    expect(await count("select count(*) from executions")).toBe(CALLS);
    expect(await count("select count(*) from messages")).toBe(CALLS * RECIPIENTS);
    expect(await count("select count(*) from messages where status <> 'sent'")).toBe(0);
    expect(await count("select count(*) from outbox")).toBe(CALLS * RECIPIENTS);
    expect(await count("select count(*) from outbox o join messages m on m.id = o.message_id")).toBe(CALLS * RECIPIENTS);
    const messageIds = accepted.flatMap((response) => response.recipients.map((recipient) => recipient.messageId));
    expect(new Set(messageIds).size).toBe(CALLS * RECIPIENTS);
  }, 120_000);
});
