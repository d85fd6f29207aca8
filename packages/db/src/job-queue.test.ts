import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HeraldDatabase } from "./database.ts";
import { type JobQueue, jobQueue } from "./job-queue.ts";
import { migrateLibsql, openLibsqlDatabase } from "./libsql.ts";
import { messages, queueJobs } from "./schema/index.ts";

const dir = mkdtempSync(join(tmpdir(), "herald-queue-"));
const LEASE = 1_000;
let db: HeraldDatabase;
let queue: JobQueue;
let close: () => void;

function message(id: string, status: "queued" | "sent") {
  const at = new Date(0).toISOString();
  return {
    id,
    sandboxId: "sbx_1",
    executionId: "exe_1",
    campaignId: "cmp_1",
    campaignVersionId: "cv_1",
    channel: "sms" as const,
    recipientIndex: 0,
    userId: "+15555550100",
    address: { channel: "sms" as const, phone: "+15555550100" },
    status,
    createdAt: at,
    updatedAt: at,
  };
}

beforeAll(async () => {
  const opened = await openLibsqlDatabase(`file:${join(dir, "queue.db")}`);
  db = opened.db;
  await migrateLibsql(db);
  queue = jobQueue(db);
  close = () => opened.client.close();
});

beforeEach(async () => {
  await db.delete(queueJobs);
  await db.delete(messages);
});

afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe("job queue", () => {
  it("claims due jobs in batches, oldest first", async () => {
    await queue.enqueue("email", ["msg_a", "msg_b", "msg_c"], 1_000);
    await queue.enqueue("sms", ["msg_d"], 900);
    const first = await queue.claim(2, 2_000, LEASE, "lease-1");
    expect(first.map((job) => job.messageId).sort()).toEqual(["msg_a", "msg_d"].sort());
    expect(first.every((job) => job.deliveries === 1 && job.leaseToken === "lease-1")).toBe(true);
    const second = await queue.claim(10, 2_000, LEASE, "lease-2");
    expect(second.map((job) => job.messageId).sort()).toEqual(["msg_b", "msg_c"]);
    expect(await queue.claim(10, 2_000, LEASE, "lease-3")).toEqual([]);
  });

  it("keeps one job per message", async () => {
    await queue.enqueue("email", ["msg_a"], 1_000);
    await queue.enqueue("email", ["msg_a"], 1_000);
    expect(await queue.depth()).toEqual({ pending: 1, dead: 0 });
  });

  it("leaves future jobs unclaimed", async () => {
    await queue.enqueue("email", ["msg_a"], 5_000);
    expect(await queue.claim(10, 4_999, LEASE, "lease-1")).toEqual([]);
    expect(await queue.claim(10, 5_000, LEASE, "lease-2")).toHaveLength(1);
  });

  it("redelivers a job whose lease ran out", async () => {
    await queue.enqueue("email", ["msg_a"], 1_000);
    await queue.claim(10, 1_000, LEASE, "lease-1");
    expect(await queue.claim(10, 1_999, LEASE, "lease-2")).toEqual([]);
    const again = await queue.claim(10, 2_000, LEASE, "lease-3");
    expect(again).toEqual([{ messageId: "msg_a", channel: "email", deliveries: 2, leaseToken: "lease-3" }]);
  });

  it("ignores a settlement from an expired lease", async () => {
    await queue.enqueue("email", ["msg_a"], 1_000);
    const [stale] = await queue.claim(10, 1_000, LEASE, "lease-1");
    const [current] = await queue.claim(10, 2_000, LEASE, "lease-2");
    await queue.settle([{ kind: "ack", job: stale! }], 2_100);
    expect(await queue.depth()).toEqual({ pending: 1, dead: 0 });
    await queue.settle([{ kind: "ack", job: current! }], 2_200);
    expect(await queue.depth()).toEqual({ pending: 0, dead: 0 });
  });

  it("renews the leases of jobs in flight", async () => {
    await queue.enqueue("email", ["msg_a"], 1_000);
    const jobs = await queue.claim(10, 1_000, LEASE, "lease-1");
    await queue.extendLeases(jobs, 10_000);
    expect(await queue.claim(10, 9_999, LEASE, "lease-2")).toEqual([]);
    expect(await queue.claim(10, 10_000, LEASE, "lease-3")).toHaveLength(1);
  });

  it("delays a retried job", async () => {
    await queue.enqueue("email", ["msg_a"], 1_000);
    const [job] = await queue.claim(10, 1_000, LEASE, "lease-1");
    await queue.settle([{ kind: "retry", job: job!, delayMs: 4_000, error: "421 try later" }], 1_500);
    expect(await queue.claim(10, 5_499, LEASE, "lease-2")).toEqual([]);
    const [again] = await queue.claim(10, 5_500, LEASE, "lease-3");
    expect(again?.deliveries).toBe(2);
    const [row] = await db.select().from(queueJobs).where(eq(queueJobs.messageId, "msg_a"));
    expect(row?.lastError).toBe("421 try later");
  });

  it("settles a whole batch at once", async () => {
    const ids = Array.from({ length: 50 }, (_, index) => `msg_${index}`);
    await queue.enqueue("email", ids, 1_000);
    const jobs = await queue.claim(100, 1_000, LEASE, "lease-1");
    await queue.settle(jobs.map((job) => ({ kind: "ack" as const, job })), 1_100);
    expect(await queue.depth()).toEqual({ pending: 0, dead: 0 });
  });

  it("keeps a dead job out of claims", async () => {
    await queue.enqueue("email", ["msg_a"], 1_000);
    const [job] = await queue.claim(10, 1_000, LEASE, "lease-1");
    await queue.settle([{ kind: "dead", job: job!, error: "store unavailable" }], 1_100);
    expect(await queue.depth()).toEqual({ pending: 0, dead: 1 });
    expect(await queue.claim(10, 999_999, LEASE, "lease-2")).toEqual([]);
    const [row] = await db.select().from(queueJobs).where(eq(queueJobs.messageId, "msg_a"));
    expect(row?.lastError).toBe("store unavailable");
    expect(row?.deadAt).toBe(new Date(1_100).toISOString());
  });

  it("recovers queued messages without a job", async () => {
    await db.insert(messages).values([message("msg_lost", "queued"), message("msg_held", "queued"), message("msg_done", "sent")]);
    await queue.enqueue("sms", ["msg_held"], 1_000);
    await queue.claim(10, 1_000, LEASE, "lease-1");
    expect(await queue.recoverQueued(2_000)).toBe(1);
    const rows = await db.select().from(queueJobs);
    expect(rows.map((row) => row.messageId).sort()).toEqual(["msg_held", "msg_lost"]);
    const lost = rows.find((row) => row.messageId === "msg_lost");
    expect(lost?.channel).toBe("sms");
    expect(lost?.visibleAt).toBe(2_000);
    expect(await queue.recoverQueued(3_000)).toBe(0);
  });
});
