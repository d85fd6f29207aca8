import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  api,
  createOk,
  emailCampaign,
  activate,
  liveEmailCampaign,
  recipient,
  triggerBody,
  waitForFinal,
} from "../../test/helpers.ts";

const HOUR_MS = 60 * 60 * 1000;

async function trigger(key: string, campaignId: string, userIds: string[]) {
  const result = await api("/ajo/im/executions/unitary", {
    key,
    body: triggerBody(campaignId, userIds.map((userId) => recipient(userId))),
  });
  expect(result.status, JSON.stringify(result.body)).toBe(202);
  return result.body as { executionId: string; recipients: [{ messageId: string }, ...{ messageId: string }[]] };
}

/** Copies a real message row under a new id, status and creation time. */
async function cloneMessage(messageId: string, status: string, createdAt: string) {
  const id = `msg_clone${Math.random().toString(36).slice(2, 12)}`;
  await env.DB.prepare(
    `INSERT INTO messages (id, sandbox_id, execution_id, campaign_id, campaign_version_id, channel,
       recipient_index, user_id, namespace, profile_id, address, status, reason, attempts,
       created_at, updated_at)
     SELECT ?, sandbox_id, execution_id, campaign_id, campaign_version_id, channel, recipient_index,
       user_id, namespace, profile_id, address, ?, 'cloned for a test', attempts, ?, ?
     FROM messages WHERE id = ?`,
  )
    .bind(id, status, createdAt, createdAt, messageId)
    .run();
  return id;
}

describe("message list", () => {
  it("lists messages newest first", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const first = await trigger(key, campaignId, ["first@example.com"]);
    const second = await trigger(key, campaignId, ["second@example.com"]);
    const result = await api("/v1/messages", { key });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const ids = result.body.items.map((item: { messageId: string }) => item.messageId);
    expect(ids).toEqual([second.recipients[0].messageId, first.recipients[0].messageId]);
    expect(result.body.nextCursor).toBeNull();
  });

  it("filters by status", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const accepted = await trigger(key, campaignId, ["sent@example.com"]);
    await waitForFinal(key, accepted.executionId);
    const failedId = await cloneMessage(accepted.recipients[0].messageId, "failed", new Date().toISOString());
    const failed = await api("/v1/messages?status=failed", { key });
    expect(failed.body.items.map((item: { messageId: string }) => item.messageId)).toEqual([failedId]);
    expect(failed.body.items[0].reason).toBe("cloned for a test");
    const both = await api("/v1/messages?status=sent,failed", { key });
    expect(both.body.items).toHaveLength(2);
    const none = await api("/v1/messages?status=skipped", { key });
    expect(none.body.items).toEqual([]);
  });

  it("filters by campaign and execution", async () => {
    const { key, surfaceId, campaignId } = await liveEmailCampaign();
    const other = await createOk(key, "/v1/campaigns", emailCampaign(surfaceId, { title: "Other" }));
    await activate(key, other.id);
    const mine = await trigger(key, campaignId, ["a@example.com", "b@example.com"]);
    await trigger(key, other.id, ["c@example.com"]);
    const byCampaign = await api(`/v1/messages?campaignId=${other.id}`, { key });
    expect(byCampaign.body.items.map((item: { userId: string }) => item.userId)).toEqual(["c@example.com"]);
    const byExecution = await api(`/v1/messages?executionId=${mine.executionId}`, { key });
    expect(byExecution.body.items).toHaveLength(2);
    const byUser = await api("/v1/messages?userId=b@example.com", { key });
    expect(byUser.body.items.map((item: { userId: string }) => item.userId)).toEqual(["b@example.com"]);
  });

  it("pages with nextCursor", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    await trigger(key, campaignId, ["p1@example.com", "p2@example.com", "p3@example.com"]);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const page = await api(`/v1/messages?limit=2${query}`, { key });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      seen.push(...page.body.items.map((item: { userId: string }) => item.userId));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(["p1@example.com", "p2@example.com", "p3@example.com"]);
  });

  it("filters by creation time", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const accepted = await trigger(key, campaignId, ["time@example.com"]);
    const old = new Date(Date.now() - 3 * HOUR_MS).toISOString();
    const oldId = await cloneMessage(accepted.recipients[0].messageId, "sent", old);
    const since = new Date(Date.now() - HOUR_MS).toISOString();
    const recent = await api(`/v1/messages?since=${since}`, { key });
    expect(recent.body.items.map((item: { messageId: string }) => item.messageId)).toEqual([
      accepted.recipients[0].messageId,
    ]);
    const older = await api(`/v1/messages?until=${since}`, { key });
    expect(older.body.items.map((item: { messageId: string }) => item.messageId)).toEqual([oldId]);
  });

  it("hides messages of another sandbox", async () => {
    const owner = await liveEmailCampaign();
    await trigger(owner.key, owner.campaignId, ["mine@example.com"]);
    const other = await liveEmailCampaign();
    const result = await api("/v1/messages", { key: other.key });
    expect(result.body.items).toEqual([]);
  });
});

describe("message list bad input", () => {
  it("names an unknown status", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/v1/messages?status=sent,lost", { key });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("VALIDATION_FAILED");
    expect(result.body.error.details[0].path).toBe("status[1]");
    expect(result.body.error.message).toContain("must be one of queued");
  });

  it("rejects a cursor it did not return", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/v1/messages?cursor=not-a-cursor", { key });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("cursor");
  });

  it("rejects since after until", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/v1/messages?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", { key });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("since");
  });

  it("rejects a limit over 200", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/v1/messages?limit=201", { key });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain("limit: must be a whole number from 1 to 200");
  });

  it("rejects an unknown parameter", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/v1/messages?state=sent", { key });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("state");
    expect(result.body.error.message).toContain("use status, campaignId");
  });

  it("rejects a request without an API key", async () => {
    const result = await api("/v1/messages");
    expect(result.status).toBe(401);
  });
});

describe("execution list", () => {
  it("lists executions with counts per status", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const accepted = await trigger(key, campaignId, ["x@example.com", "y@example.com"]);
    await waitForFinal(key, accepted.executionId);
    const result = await api("/v1/executions", { key });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.items).toHaveLength(1);
    const [execution] = result.body.items;
    expect(execution.executionId).toBe(accepted.executionId);
    expect(execution.campaignId).toBe(campaignId);
    expect(execution.recipients).toBe(2);
    expect(execution.statuses).toEqual({ sent: 2 });
  });

  it("filters executions by campaign", async () => {
    const { key, surfaceId, campaignId } = await liveEmailCampaign();
    const other = await createOk(key, "/v1/campaigns", emailCampaign(surfaceId, { title: "Other" }));
    await activate(key, other.id);
    await trigger(key, campaignId, ["m@example.com"]);
    const expected = await trigger(key, other.id, ["n@example.com"]);
    const result = await api(`/v1/executions?campaignId=${other.id}`, { key });
    expect(result.body.items.map((item: { executionId: string }) => item.executionId)).toEqual([
      expected.executionId,
    ]);
  });

  it("returns one execution under /v1", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const accepted = await trigger(key, campaignId, ["one@example.com"]);
    const result = await api(`/v1/executions/${accepted.executionId}`, { key });
    expect(result.status).toBe(200);
    expect(result.body.recipients[0].messageId).toBe(accepted.recipients[0].messageId);
  });
});

describe("messages per hour", () => {
  it("returns 24 hourly buckets ending with the current hour", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/v1/stats/messages-per-hour", { key });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.buckets).toHaveLength(24);
    const currentHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    expect(result.body.buckets[23].start).toBe(new Date(currentHour).toISOString());
    expect(result.body.to).toBe(new Date(currentHour + HOUR_MS).toISOString());
    expect(result.body.buckets[0].counts).toEqual({
      queued: 0,
      sending: 0,
      retrying: 0,
      sent: 0,
      delivered: 0,
      failed: 0,
      skipped: 0,
      unknown: 0,
    });
  });

  it("counts each message in its hour under its status", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const accepted = await trigger(key, campaignId, ["h@example.com"]);
    await waitForFinal(key, accepted.executionId);
    const before = await api("/v1/stats/messages-per-hour", { key });
    const threeHoursAgo = Date.parse(before.body.buckets[20].start) + 60_000;
    const messageId = accepted.recipients[0].messageId;
    await cloneMessage(messageId, "failed", new Date(threeHoursAgo).toISOString());
    await cloneMessage(messageId, "failed", new Date(threeHoursAgo + 60_000).toISOString());
    await cloneMessage(messageId, "sent", new Date(Date.parse(before.body.from) - 60_000).toISOString());
    const result = await api("/v1/stats/messages-per-hour", { key });
    const buckets = result.body.buckets;
    expect(buckets[23].counts.sent).toBe(1);
    expect(buckets[20].counts.failed).toBe(2);
    expect(buckets[20].total).toBe(2);
    const total = buckets.reduce((sum: number, bucket: { total: number }) => sum + bucket.total, 0);
    expect(total).toBe(3);
  });

  it("filters the counts by campaign", async () => {
    const { key, surfaceId, campaignId } = await liveEmailCampaign();
    const other = await createOk(key, "/v1/campaigns", emailCampaign(surfaceId, { title: "Other" }));
    await activate(key, other.id);
    await trigger(key, campaignId, ["q@example.com", "r@example.com"]);
    await trigger(key, other.id, ["s@example.com"]);
    const result = await api(`/v1/stats/messages-per-hour?campaignId=${other.id}&hours=1`, { key });
    expect(result.body.buckets).toHaveLength(1);
    expect(result.body.buckets[0].total).toBe(1);
  });

  it("rejects more than 168 hours", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/v1/stats/messages-per-hour?hours=169", { key });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("hours");
  });
});
