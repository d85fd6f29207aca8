import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonLogger } from "@herald/api";
import { type Deps, activateCampaign, createCampaign, createSandbox, createSurface, triggerExecution } from "@herald/core";
import { type HeraldDatabase, jobQueue, schema } from "@herald/db";
import { LocalClient, migrateLibsql } from "@herald/db/libsql";
import type { Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "./config.ts";
import { nodeDeps } from "./node-deps.ts";

const dir = mkdtempSync(join(tmpdir(), "herald-round-trips-"));
let local: LocalClient;
let roundTrips = 0;
let deps: Deps;
let woken = 0;

/** Wraps `client` so that every execute, batch and transaction call counts as one round trip. */
function countingClient(client: LocalClient): Client {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") {
        return value;
      }
      return (...args: unknown[]) => {
        if (property === "execute" || property === "batch" || property === "transaction") {
          roundTrips += 1;
        }
        return value.apply(target, args);
      };
    },
  });
}

function body(requestId: string, userId: string) {
  return { requestId, campaignId: campaign, recipients: [{ type: "aep", userId, context: { code: "1234" } }] };
}

let sandboxId: string;
let campaign: string;

beforeAll(async () => {
  local = new LocalClient(join(dir, "herald.db"), { pragmas: ["PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON"] });
  const db = drizzle(countingClient(local), { schema }) as unknown as HeraldDatabase;
  await migrateLibsql(db);
  const config = readConfig({ DATABASE_URL: `file:${join(dir, "herald.db")}` });
  deps = nodeDeps(config, db, jobQueue(db), () => (woken += 1), jsonLogger());
  const { sandbox } = await createSandbox(deps, { name: "round-trips" });
  sandboxId = sandbox.id;
  const surface = await createSurface(deps, sandboxId, {
    channel: "email",
    name: "Mail",
    provider: "outbox",
    fromAddress: "codes@example.com",
  });
  const created = await createCampaign(deps, sandboxId, {
    channel: "email",
    title: "Login code",
    surfaceId: surface.id,
    createProfiles: true,
    content: { subject: "Your code", text: "Your login code is {{context.code}}" },
  });
  campaign = created.campaign.id;
  await activateCampaign(deps, sandboxId, campaign);
});

afterAll(() => {
  local.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("node trigger round trips", () => {
  it("makes two database round trips when warm", async () => {
    await triggerExecution(deps, sandboxId, body("warm", "warm@example.com"));
    roundTrips = 0;
    await triggerExecution(deps, sandboxId, body("counted", "counted@example.com"));
    expect(roundTrips, "one read batch and one write batch").toBe(2);
  });

  it("writes each message's job with it", async () => {
    const wokenBefore = woken;
    const { response } = await triggerExecution(deps, sandboxId, body("with-job", "job@example.com"));
    const messageId = response.recipients[0]?.messageId;
    const jobs = await local.execute({ sql: "SELECT channel FROM queue_jobs WHERE message_id = ?", args: [messageId ?? ""] });
    expect(jobs.rows.map((row) => row.channel)).toEqual(["email"]);
    expect(woken).toBe(wokenBefore + 1);
  });

  it("still adds jobs for a sweep enqueue", async () => {
    const { response } = await triggerExecution(deps, sandboxId, body("swept", "swept@example.com"));
    const messageId = response.recipients[0]?.messageId ?? "";
    await local.execute({ sql: "DELETE FROM queue_jobs WHERE message_id = ?", args: [messageId] });
    await deps.queue.enqueue("email", [{ messageId }]);
    const jobs = await local.execute({ sql: "SELECT count(*) AS n FROM queue_jobs WHERE message_id = ?", args: [messageId] });
    expect(jobs.rows[0]?.n).toBe(1);
  });
});
