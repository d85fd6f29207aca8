import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { countingD1 } from "../../test/counting-d1.ts";
import { batchOf, liveSmtpCampaign, messageRow, receivedBy, runBatch, stageExecution } from "../../test/delivery.ts";
import { liveEmailCampaign, recipient } from "../../test/helpers.ts";
import { liveCampaignOn, peerReceived, planPeer } from "../../test/providers.ts";
import { deliveriesTo, webhookFor } from "../../test/webhook-peer.ts";
import { jsonLogger } from "../logger.ts";
import { deliveryDeps } from "../worker-deps.ts";
import { consumeDeliveries } from "./delivery-consumer.ts";

function uniqueUsers(tags: string[]): string[] {
  const run = crypto.randomUUID().slice(0, 8);
  return tags.map((tag) => `${tag}-${run}@example.com`);
}

async function outboxCount(messageId: string) {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE message_id = ?").bind(messageId).first<{ n: number }>();
  return row?.n ?? 0;
}

function eventTypes(deliveries: { body: { type: string; data: Record<string, unknown> } }[], messageId: string) {
  return deliveries.filter((delivery) => delivery.body.data.messageId === messageId).map((delivery) => delivery.body.type);
}

/**
 * Stages one SMTP message per fault the test peer plays, plus one already sent and one whose
 * stored context was lost, so that it no longer renders.
 */
async function mixedBatch() {
  const campaign = await liveSmtpCampaign({ timeoutMs: 1000 });
  const users = uniqueUsers(["ok", "reject", "throttle-1", "blackhole", "unrenderable", "earlier"]);
  const { jobs } = await stageExecution(campaign.campaignId, users);
  const ids = Object.fromEntries(users.map((user, index) => [user.split("-")[0] ?? "", jobs[index]?.messageId ?? ""]));
  await runBatch(batchOf(jobs.slice(5)));
  await env.DB.prepare("UPDATE messages SET context = NULL WHERE id = ?").bind(ids.unrenderable).run();
  return { ...campaign, users, jobs, ids };
}

describe("delivery batch", () => {
  it("makes two round trips when warm", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    await webhookFor(key);
    const users = Array.from({ length: 20 }, (_, index) => recipient(`trips-${index}-${crypto.randomUUID()}@example.com`));
    const { jobs } = await stageExecution(campaignId, [], users);
    const counted = countingD1(env.DB);
    await consumeDeliveries(batchOf(jobs), await deliveryDeps({ ...env, DB: counted.database }), jsonLogger());
    expect(counted.roundTrips(), "claim with reads, then one write").toBe(2);
    const rows = await Promise.all(jobs.map((job) => messageRow(job.messageId)));
    expect(rows.map((row) => row?.status)).toEqual(Array(20).fill("sent"));
    const entries = await Promise.all(jobs.map((job) => outboxCount(job.messageId)));
    expect(entries).toEqual(Array(20).fill(1));
  });

  it("records mixed outcomes in one batch", async () => {
    const { users, jobs, ids } = await mixedBatch();
    const result = await runBatch(batchOf(jobs, 2));
    expect(result.retried, "only the throttled message comes back").toHaveLength(1);
    expect(result.acked).toHaveLength(5);
    const status = async (id: string | undefined) => (await messageRow(id ?? ""))?.status;
    expect(await status(ids.ok)).toBe("sent");
    expect(await status(ids.reject)).toBe("failed");
    expect(await status(ids.throttle)).toBe("retrying");
    expect(await status(ids.blackhole)).toBe("unknown");
    expect(await status(ids.unrenderable)).toBe("failed");
    expect(await status(ids.earlier)).toBe("sent");
    expect((await messageRow(ids.unrenderable ?? ""))?.reason).toContain("context.orderId");
    const copies = await Promise.all(users.map(async (user) => (await receivedBy(user)).length));
    expect(copies, "ok, reject, throttle-1, blackhole, unrenderable, earlier").toEqual([1, 0, 0, 1, 0, 1]);
  });

  it("keeps one failure from changing the others", async () => {
    const { campaignId } = await liveSmtpCampaign();
    const users = uniqueUsers(["first", "reject", "third", "fourth"]);
    const { jobs } = await stageExecution(campaignId, users);
    const result = await runBatch(batchOf(jobs));
    expect(result.acked).toHaveLength(4);
    const rows = await Promise.all(jobs.map((job) => messageRow(job.messageId)));
    expect(rows.map((row) => row?.status)).toEqual(["sent", "failed", "sent", "sent"]);
    expect(rows.map((row) => row?.reason ?? null)).toEqual([null, expect.stringContaining("550"), null, null]);
    expect(rows.map((row) => row?.attempts)).toEqual([1, 1, 1, 1]);
  });

  it("sends a job listed twice once", async () => {
    const { campaignId } = await liveSmtpCampaign();
    const [user = ""] = uniqueUsers(["twice"]);
    const { jobs } = await stageExecution(campaignId, [user]);
    const result = await runBatch(batchOf([...jobs, ...jobs]));
    expect(result.acked).toHaveLength(2);
    expect(await receivedBy(user)).toHaveLength(1);
    expect((await messageRow(jobs[0]?.messageId ?? ""))?.attempts).toBe(1);
  });

  it("emits an event for every final status", async () => {
    const { key, jobs, ids } = await mixedBatch();
    const { name } = await webhookFor(key);
    await runBatch(batchOf(jobs, 2));
    const deliveries = await deliveriesTo(name, 4);
    expect(deliveries.every((delivery) => delivery.valid)).toBe(true);
    expect(eventTypes(deliveries, ids.ok ?? "")).toEqual(["message.sent"]);
    expect(eventTypes(deliveries, ids.reject ?? "")).toEqual(["message.failed"]);
    expect(eventTypes(deliveries, ids.blackhole ?? "")).toEqual(["message.unknown"]);
    expect(eventTypes(deliveries, ids.unrenderable ?? "")).toEqual(["message.failed"]);
    expect(eventTypes(deliveries, ids.throttle ?? ""), "retrying is not final").toEqual([]);
    expect(eventTypes(deliveries, ids.earlier ?? ""), "sent before the webhook existed").toEqual([]);
  });

  it("skips a device token gone earlier in the batch", async () => {
    const { key, campaignId } = await liveCampaignOn(
      {
        channel: "push",
        name: "Android",
        provider: "fcm",
        appId: "com.example.shop",
        fcm: { serviceAccountSecret: "FCM_TEST_SERVICE_ACCOUNT", baseUrl: env.FCM_URL },
      },
      { channel: "push", title: "Order updates", content: { title: "Order {{context.orderId}}", body: "Shipped" } },
    );
    const { name } = await webhookFor(key);

    const token = `token-batch-${crypto.randomUUID()}`;
    const detail = { "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode: "UNREGISTERED" };
    await planPeer(env.FCM_URL, token, [{ status: 404, body: { error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND", details: [detail] } } }]);
    const recipients = ["first", "second"].map((orderId) => ({
      type: "external",
      userId: `app-${orderId}-${token}`,
      channelData: { pushInfo: { token, platform: "android" } },
      context: { orderId },
    }));
    const { jobs } = await stageExecution(campaignId, [], recipients);
    const result = await runBatch(batchOf(jobs, 1, "herald-push"));

    expect(result.acked).toHaveLength(2);
    const [first, second] = await Promise.all(jobs.map((job) => messageRow(job.messageId)));
    expect(first?.status).toBe("failed");
    expect(second?.status).toBe("skipped");
    expect(second?.reason).toContain("the device token was marked gone");
    const sent = (await peerReceived<{ token: string }>(env.FCM_URL)).filter((message) => message.token === token);
    expect(sent, "the peer accepted nothing for the gone token").toHaveLength(0);
    const deliveries = await deliveriesTo(name, 2);
    expect(eventTypes(deliveries, jobs[0]?.messageId ?? "")).toEqual(["message.failed"]);
    expect(eventTypes(deliveries, jobs[1]?.messageId ?? "")).toEqual(["message.skipped"]);
  });
});
