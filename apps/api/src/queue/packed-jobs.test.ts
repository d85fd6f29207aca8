import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { liveSmtpCampaign, messageRow, receivedBy, runBatch, stageExecution } from "../../test/delivery.ts";
import { MESSAGES_PER_QUEUE_MESSAGE, type PackedJobs, packJobs, unpackBatch } from "./packed-jobs.ts";

function packedBatch(bodies: PackedJobs[], attempts = 1) {
  const run = crypto.randomUUID().slice(0, 8);
  return createMessageBatch<PackedJobs>(
    "herald-email",
    bodies.map((body, index) => ({ id: `pack-${run}-${attempts}-${index}`, timestamp: new Date(), attempts, body })),
  );
}

function users(count: number, tag: string): string[] {
  const run = crypto.randomUUID().slice(0, 8);
  return Array.from({ length: count }, (_, index) => `${tag}-${run}-${index}@example.com`);
}

describe("packJobs", () => {
  it("packs ten ids per queue message", () => {
    const jobs = Array.from({ length: 25 }, (_, index) => ({ messageId: `msg_${index}` }));
    const bodies = packJobs(jobs);
    expect(MESSAGES_PER_QUEUE_MESSAGE).toBe(10);
    expect(bodies.map((body) => ("messageIds" in body ? body.messageIds.length : 1))).toEqual([10, 10, 5]);
    expect(bodies.flatMap((body) => ("messageIds" in body ? body.messageIds : []))).toEqual(jobs.map((job) => job.messageId));
  });
});

describe("unpackBatch", () => {
  it("acks a pack once every id is acked", async () => {
    const batch = packedBatch([{ messageIds: ["a", "b"] }, { messageIds: ["c"] }]);
    const { jobs, settle } = unpackBatch(batch);
    expect(jobs.messages.map((message) => message.body.messageId)).toEqual(["a", "b", "c"]);
    jobs.messages[0]?.ack();
    jobs.messages[2]?.ack();
    settle();
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks).toEqual([batch.messages[1]?.id]);
    expect(result.retryMessages).toEqual([]);
  });

  it("retries a pack after its longest delay", async () => {
    const batch = packedBatch([{ messageIds: ["a", "b", "c"] }]);
    const delays: (number | undefined)[] = [];
    const watched = batch.messages.map((message) =>
      Object.assign(Object.create(message), {
        retry: (options?: QueueRetryOptions) => {
          delays.push(options?.delaySeconds);
          message.retry(options);
        },
      }),
    );
    const { jobs, settle } = unpackBatch({ ...batch, messages: watched });
    jobs.messages[0]?.retry({ delaySeconds: 5 });
    jobs.messages[1]?.ack();
    jobs.messages[2]?.retry({ delaySeconds: 120 });
    settle();
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((item: { msgId: string }) => item.msgId)).toEqual([batch.messages[0]?.id]);
    expect(delays).toEqual([120]);
  });

  it("reads a single messageId body", () => {
    const { jobs } = unpackBatch(packedBatch([{ messageId: "msg_old" }]));
    expect(jobs.messages.map((message) => message.body.messageId)).toEqual(["msg_old"]);
  });

  it("acks a body without ids", async () => {
    const batch = packedBatch([{ messageIds: [] }, { nothing: true } as unknown as PackedJobs]);
    const { settle } = unpackBatch(batch);
    settle();
    expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toHaveLength(2);
  });
});

describe("packed delivery", () => {
  it("sends every id of a pack once", async () => {
    const { campaignId } = await liveSmtpCampaign();
    const recipients = users(12, "pack");
    const { jobs } = await stageExecution(campaignId, recipients);
    const batch = packedBatch(packJobs(jobs));
    const first = await runBatch(batch as unknown as Parameters<typeof runBatch>[0]);
    expect(first.acked).toHaveLength(2);

    const again = await runBatch(packedBatch(packJobs(jobs), 2) as unknown as Parameters<typeof runBatch>[0]);
    const rows = await Promise.all(jobs.map((job) => messageRow(job.messageId)));
    const copies = await Promise.all(recipients.map(async (user) => (await receivedBy(user)).length));
    expect(again.acked).toHaveLength(2);
    expect(rows.map((row) => row?.status)).toEqual(Array(12).fill("sent"));
    expect(copies).toEqual(Array(12).fill(1));
  });
});
