import { createExecutionContext, env, getQueueResult } from "cloudflare:test";
import type { DeliveryJob } from "@herald/core";
import { describe, expect, it } from "vitest";
import {
  batchOf,
  liveSmtpCampaign,
  messageRow,
  receivedBy,
  runBatch,
  stageExecution,
  testDeliveryDeps,
} from "../../test/delivery.ts";
import { liveEmailCampaign, recipient, reportFigures } from "../../test/helpers.ts";
import { jsonLogger } from "../logger.ts";
import { consumeDeliveries } from "./delivery-consumer.ts";

function uniqueUsers(count: number, tag: string): string[] {
  const run = crypto.randomUUID().slice(0, 8);
  return Array.from({ length: count }, (_, index) => `${tag}-${run}-${index}@example.com`);
}

/** Makes acking the message at `index` throw, as if the invocation died while acking. */
function dyingAt<T extends object>(messages: readonly T[], index: number): readonly T[] {
  return messages.map((message, position) =>
    position === index
      ? Object.assign(Object.create(message) as T, {
          ack: () => {
            throw new Error("consumer died");
          },
        })
      : message,
  );
}

async function age(messageId: string, seconds: number) {
  await env.DB.prepare("UPDATE messages SET updated_at = ? WHERE id = ?")
    .bind(new Date(Date.now() - seconds * 1000).toISOString(), messageId)
    .run();
}

describe("delivery consumer", () => {
  it("acks a redelivered message already sent", async () => {
    const { campaignId } = await liveSmtpCampaign();
    const [user = ""] = uniqueUsers(1, "k16");
    const { jobs } = await stageExecution(campaignId, [user]);
    const first = await runBatch(batchOf(jobs));
    expect(first.acked).toHaveLength(1);

    const again = await runBatch(batchOf(jobs, 2));
    expect(again.acked).toHaveLength(1);
    expect(again.retried).toHaveLength(0);
    expect(await receivedBy(user)).toHaveLength(1);
    expect((await messageRow(jobs[0]?.messageId ?? ""))?.attempts).toBe(1);
  });

  it("loses nothing when the consumer dies halfway", async () => {
    const { campaignId } = await liveSmtpCampaign();
    const users = uniqueUsers(10, "crash");
    const { jobs } = await stageExecution(campaignId, users);
    const batch = batchOf(jobs);
    const crashing = { queue: batch.queue, messages: dyingAt(batch.messages, 4), retryAll: () => {}, ackAll: () => {} };
    const thrown = await consumeDeliveries(crashing as unknown as MessageBatch<DeliveryJob>, await testDeliveryDeps(), jsonLogger()).then(
      () => null,
      (error: unknown) => error,
    );
    const died = { acked: (await getQueueResult(batch, createExecutionContext())).explicitAcks };
    expect(thrown).toBeInstanceOf(Error);
    expect(died.acked).toHaveLength(4);

    // The queue redelivers what was not acked; redelivering all ten also covers duplicates.
    const redelivered = await runBatch(batchOf(jobs, 2));
    const rows = await Promise.all(jobs.map((job) => messageRow(job.messageId)));
    const copies = await Promise.all(users.map(async (user) => (await receivedBy(user)).length));
    await reportFigures("consumerCrash", {
      messages: jobs.length,
      ackedBeforeCrash: died.acked.length,
      sent: rows.filter((row) => row?.status === "sent").length,
      lost: copies.filter((copy) => copy === 0).length,
      duplicated: copies.filter((copy) => copy > 1).length,
    });

    expect(redelivered.acked).toHaveLength(10);
    expect(rows.map((row) => row?.status)).toEqual(Array(10).fill("sent"));
    expect(copies).toEqual(Array(10).fill(1));
  });

  it("records unknown when the send outcome was lost", async () => {
    const { campaignId } = await liveSmtpCampaign();
    const [user = ""] = uniqueUsers(1, "lost");
    const { jobs } = await stageExecution(campaignId, [user]);
    const messageId = jobs[0]?.messageId ?? "";
    const deps = await testDeliveryDeps();
    const store = { ...deps.store };
    store.recordDeliveries = async (write, now) => {
      if (write.updates.some(({ update }) => update.status === "sent")) {
        throw new Error("D1 unavailable");
      }
      return deps.store.recordDeliveries(write, now);
    };
    const batch = batchOf(jobs);
    await consumeDeliveries(batch, { ...deps, store }, jsonLogger());
    expect((await getQueueResult(batch, createExecutionContext())).retryMessages).toHaveLength(1);
    expect((await messageRow(messageId))?.status).toBe("sending");

    const withinLease = await runBatch(batchOf(jobs, 2));
    expect(withinLease.retried).toHaveLength(1);
    await age(messageId, 121);
    const pastLease = await runBatch(batchOf(jobs, 3));
    expect(pastLease.acked).toHaveLength(1);
    const row = await messageRow(messageId);
    expect(row?.status).toBe("unknown");
    expect(row?.reason).toContain("may have been delivered");
    expect(await receivedBy(user)).toHaveLength(1);
  });

  it("sends again after a lapsed lease when idempotent", async () => {
    const { campaignId } = await liveEmailCampaign();
    const { jobs } = await stageExecution(campaignId, [], [recipient("lease@example.com")]);
    const messageId = jobs[0]?.messageId ?? "";
    await env.DB.prepare("UPDATE messages SET status = 'sending', attempts = 1 WHERE id = ?").bind(messageId).run();
    await age(messageId, 121);
    const result = await runBatch(batchOf(jobs, 2));
    expect(result.acked).toHaveLength(1);
    const row = await messageRow(messageId);
    expect(row?.status).toBe("sent");
    expect(row?.attempts).toBe(2);
  });

  it("honours the provider's Retry-After", async () => {
    const { campaignId } = await liveEmailCampaign();
    const { jobs } = await stageExecution(campaignId, [], [recipient("throttled@example.com")]);
    const deps = await testDeliveryDeps();
    const throttled = {
      ...deps,
      senderFor: () => ({
        idempotent: true,
        sender: { send: async () => ({ kind: "retryable" as const, reason: "429 slow down", retryAfterSeconds: 120 }) },
      }),
    };
    const delays: number[] = [];
    const batch = batchOf(jobs);
    const watched = batch.messages.map((message) =>
      Object.assign(Object.create(message), {
        retry: (options?: { delaySeconds?: number }) => {
          delays.push(options?.delaySeconds ?? 0);
          message.retry(options);
        },
      }),
    );
    await consumeDeliveries({ ...batch, messages: watched } as MessageBatch<DeliveryJob>, throttled, jsonLogger());
    expect(delays).toEqual([120]);
    const row = await messageRow(jobs[0]?.messageId ?? "");
    expect(row?.status).toBe("retrying");
    expect(row?.reason).toBe("429 slow down");
  });

  it("fails a dead letter with the last reason", async () => {
    const { campaignId } = await liveEmailCampaign();
    const { jobs } = await stageExecution(campaignId, [], [recipient("dead@example.com")]);
    const messageId = jobs[0]?.messageId ?? "";
    await env.DB.prepare("UPDATE messages SET status = 'retrying', attempts = 11, reason = ? WHERE id = ?")
      .bind("454 4.7.0 Throttling failure", messageId)
      .run();
    const result = await runBatch(batchOf(jobs, 1, "herald-email-dlq"));
    expect(result.acked).toHaveLength(1);
    const row = await messageRow(messageId);
    expect(row?.status).toBe("failed");
    expect(row?.reason).toBe("gave up after 11 attempts: 454 4.7.0 Throttling failure");
  });

  it("leaves a final message alone in the dead-letter queue", async () => {
    const { campaignId } = await liveEmailCampaign();
    const { jobs } = await stageExecution(campaignId, [], [recipient("final@example.com")]);
    await runBatch(batchOf(jobs));
    await runBatch(batchOf(jobs, 1, "herald-email-dlq"));
    expect((await messageRow(jobs[0]?.messageId ?? ""))?.status).toBe("sent");
  });
});
