import type { DeliveryDecision, DeliveryJob } from "@herald/core";
import { type HeraldDatabase, type JobQueue, jobQueue, schema } from "@herald/db";
import { migrateLibsql, openLibsqlDatabase } from "@herald/db/libsql";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonLogger } from "@herald/api";
import { type Consumer, type ConsumerSettings, startConsumer } from "./consumer.ts";
import { temporaryDatabase } from "../test/server-process.ts";

const database = temporaryDatabase();
// The clock only moves while no job is leased, so a long lease never runs out mid-delivery.
const settings: ConsumerSettings = { concurrency: 4, batchSize: 2, leaseMs: 3_600_000, maxRetries: 2, pollMs: 10 };
let queue: JobQueue;
let db: HeraldDatabase;
let close: () => void;
let clock = 1_000_000;

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error("condition not met in time");
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const buried: string[] = [];

async function jobRow(messageId: string) {
  const [row] = await db.select().from(schema.queueJobs).where(eq(schema.queueJobs.messageId, messageId));
  return row;
}

/** Waits until the job was delivered and settled for a retry, so the clock can move. */
async function untilWaiting(messageId: string) {
  await until(async () => {
    const row = await jobRow(messageId);
    return row !== undefined && row.deliveries > 0 && row.leaseToken === null;
  });
}

/** Starts a consumer whose batches deliver each job with `deliverOne`; one throw fails the batch. */
function consumerWith(
  deliverOne: (job: DeliveryJob) => Promise<DeliveryDecision>,
  overrides: Partial<ConsumerSettings & { queue: JobQueue }> = {},
): Consumer {
  const deadLetter = async (job: DeliveryJob) => {
    buried.push(job.messageId);
  };
  const deliver = (jobs: DeliveryJob[]) => Promise.all(jobs.map(deliverOne));
  return startConsumer({ ...settings, queue, deliver, deadLetter, log: jsonLogger(), now: () => clock, ...overrides });
}

/** Wraps the queue so that its claims are counted. */
function countingClaims(): { queue: JobQueue; claims: () => number } {
  let claims = 0;
  const counted: JobQueue = {
    ...queue,
    claim: (...args) => {
      claims += 1;
      return queue.claim(...args);
    },
  };
  return { queue: counted, claims: () => claims };
}

beforeAll(async () => {
  const opened = await openLibsqlDatabase(database.url);
  await migrateLibsql(opened.db);
  db = opened.db;
  queue = jobQueue(opened.db);
  close = () => opened.client.close();
});

afterAll(() => {
  close();
  database.remove();
});

describe("queue consumer", () => {
  it("delivers every job once", async () => {
    const delivered: string[] = [];
    const consumer = consumerWith(async (job) => {
      delivered.push(job.messageId);
      return { action: "ack" };
    });
    const ids = Array.from({ length: 25 }, (_, index) => `msg_once_${index}`);
    await queue.enqueue("email", ids, clock);
    consumer.wake();
    await until(async () => (await queue.depth()).pending === 0);
    await consumer.stop();
    expect(delivered.sort()).toEqual([...ids].sort());
  });

  it("claims about once per batch", async () => {
    const counted = countingClaims();
    const delivered: string[] = [];
    const ids = Array.from({ length: 40 }, (_, index) => `msg_claims_${index}`);
    await queue.enqueue("email", ids, clock);
    // A long poll leaves only the claims that wakes and finished batches start.
    const consumer = consumerWith(
      async (job) => {
        delivered.push(job.messageId);
        return { action: "ack" };
      },
      { queue: counted.queue, batchSize: 10, pollMs: 60_000 },
    );
    for (let wake = 0; wake < 100; wake += 1) {
      consumer.wake();
    }
    await until(async () => (await queue.depth()).pending === 0);
    await consumer.stop();
    expect(delivered.sort()).toEqual([...ids].sort());
    // Four full claims, and after each batch that ends at most one more: never one per wake.
    expect(counted.claims()).toBeLessThanOrEqual(8);
  });

  it("delivers claimed jobs as one batch", async () => {
    const sizes: number[] = [];
    const consumer = startConsumer({
      ...settings,
      batchSize: 5,
      queue,
      log: jsonLogger(),
      now: () => clock,
      deadLetter: async () => {},
      deliver: async (jobs) => {
        sizes.push(jobs.length);
        return jobs.map(() => ({ action: "ack" }));
      },
    });
    await queue.enqueue("email", Array.from({ length: 5 }, (_, index) => `msg_batch_${index}`), clock);
    consumer.wake();
    await until(async () => (await queue.depth()).pending === 0);
    await consumer.stop();
    expect(sizes).toEqual([5]);
  });

  it("retries a failed delivery after its backoff", async () => {
    let calls = 0;
    const consumer = consumerWith(async () => {
      calls += 1;
      if (calls === 1) {
        throw new Error("database is locked");
      }
      return { action: "ack" };
    });
    await queue.enqueue("email", ["msg_retry"], clock);
    consumer.wake();
    await untilWaiting("msg_retry");
    expect(calls).toBe(1);
    // The first retry waits between 1 and 2 seconds.
    clock += 2_000;
    consumer.wake();
    await until(async () => (await queue.depth()).pending === 0);
    await consumer.stop();
    expect(calls).toBe(2);
  });

  it("honours the retry delay a delivery returns", async () => {
    let calls = 0;
    const consumer = consumerWith(async () => {
      calls += 1;
      return calls === 1 ? { action: "retry", delaySeconds: 30 } : { action: "ack" };
    });
    await queue.enqueue("email", ["msg_delay"], clock);
    consumer.wake();
    await untilWaiting("msg_delay");
    clock += 29_000;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(1);
    clock += 1_000;
    await until(() => calls === 2);
    await consumer.stop();
  });

  it("dead-letters a job past its retries", async () => {
    let calls = 0;
    const consumer = consumerWith(async () => {
      calls += 1;
      throw new Error("provider misconfigured");
    });
    await queue.enqueue("email", ["msg_dead"], clock);
    // Each check of a waiting job moves the clock past its backoff, so every retry is due at once.
    await until(async () => {
      const row = await jobRow("msg_dead");
      if (row?.deadAt !== null && row?.deadAt !== undefined) {
        return true;
      }
      if (row?.leaseToken === null) {
        clock += 60_000;
        consumer.wake();
      }
      return false;
    });
    await consumer.stop();
    expect(calls).toBe(settings.maxRetries + 1);
    expect(buried).toEqual(["msg_dead"]);
  });

  it("finishes deliveries in flight on stop", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = 0;
    const consumer = consumerWith(async () => {
      await gate;
      finished += 1;
      return { action: "ack" };
    });
    await queue.enqueue("email", ["msg_stop_1", "msg_stop_2"], clock);
    consumer.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = consumer.stop();
    release();
    await stopped;
    expect(finished).toBe(2);
    expect((await queue.depth()).pending).toBe(0);
  });
});
