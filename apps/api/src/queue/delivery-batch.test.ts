import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { countingD1 } from "../../test/counting-d1.ts";
import { batchOf, liveSmtpCampaign, messageRow, receivedBy, stageExecution } from "../../test/delivery.ts";
import { liveEmailCampaign, recipient } from "../../test/helpers.ts";
import { jsonLogger } from "../logger.ts";
import { deliveryDeps } from "../worker-deps.ts";
import { consumeDeliveries } from "./delivery-consumer.ts";

describe("delivery batch", () => {
  it("sends a batch of 20 in three round trips", async () => {
    const { campaignId } = await liveEmailCampaign();
    const users = Array.from({ length: 20 }, (_, index) => recipient(`batch-${index}-${crypto.randomUUID()}@example.com`));
    const { jobs } = await stageExecution(campaignId, [], users);
    const counted = countingD1(env.DB);
    await consumeDeliveries(batchOf(jobs), await deliveryDeps({ ...env, DB: counted.database }), jsonLogger());
    expect(counted.roundTrips(), "read, claim, record").toBe(3);
    const rows = await Promise.all(jobs.map((job) => messageRow(job.messageId)));
    expect(rows.map((row) => row?.status)).toEqual(Array(20).fill("sent"));
  });

  it("stores each outbox entry with its status", async () => {
    const { campaignId } = await liveEmailCampaign();
    const { jobs } = await stageExecution(campaignId, [], [recipient("batch-outbox@example.com")]);
    await consumeDeliveries(batchOf(jobs), await deliveryDeps(env), jsonLogger());
    const entry = await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE message_id = ?")
      .bind(jobs[0]?.messageId)
      .first<{ n: number }>();
    expect(entry?.n).toBe(1);
  });

  it("sends a job found twice in one batch once", async () => {
    const { campaignId } = await liveSmtpCampaign();
    const user = `batch-twice-${crypto.randomUUID()}@example.com`;
    const { jobs } = await stageExecution(campaignId, [user]);
    await consumeDeliveries(batchOf([...jobs, ...jobs]), await deliveryDeps(env), jsonLogger());
    expect(await receivedBy(user)).toHaveLength(1);
    expect((await messageRow(jobs[0]?.messageId ?? ""))?.attempts).toBe(1);
  });
});
