import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  api,
  count,
  liveEmailCampaign,
  recipient,
  reportFigures,
  triggerBody,
  waitForFinal,
} from "../../test/helpers.ts";

const TRIGGER = "/ajo/im/executions/unitary";

async function sandboxOf(executionId: string): Promise<string> {
  const row = await env.DB.prepare("SELECT sandbox_id FROM executions WHERE id = ?")
    .bind(executionId)
    .first<{ sandbox_id: string }>();
  return row?.sandbox_id ?? "";
}

async function setClaim(executionId: string, set: string, ...params: unknown[]) {
  await env.DB.prepare(`UPDATE idempotency_keys SET ${set} WHERE execution_id = ?`)
    .bind(...params, executionId)
    .run();
}

describe("trigger idempotency", () => {
  it("replays a retried call and sends nothing more", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [recipient("k17@example.com")]);
    const first = await api(TRIGGER, { key, body });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    await waitForFinal(key, first.body.executionId);

    const second = await api(TRIGGER, { key, body });
    expect(second.status, JSON.stringify(second.body)).toBe(202);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.body).toEqual(first.body);
    const sandboxId = await sandboxOf(first.body.executionId);
    expect(await count("SELECT count(*) AS n FROM executions WHERE sandbox_id = ?", sandboxId)).toBe(1);
    expect(await count("SELECT count(*) AS n FROM messages WHERE sandbox_id = ?", sandboxId)).toBe(1);
    const execution = await waitForFinal(key, first.body.executionId);
    expect(execution.recipients[0].status).toBe("sent");
    expect(execution.recipients[0].attempts).toBe(1);
  });

  it("rejects the same requestId with another body", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [recipient("k17b@example.com")]);
    expect((await api(TRIGGER, { key, body })).status).toBe(202);
    const changed = { ...body, recipients: [recipient("someone-else@example.com")] };
    const result = await api(TRIGGER, { key, body: changed });
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe("IDEMPOTENCY_CONFLICT");
    expect(result.body.error.message).toContain(body.requestId);
  });

  it("replays a requestId whatever the header", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [recipient("header@example.com")]);
    const first = await api(TRIGGER, { key, body, headers: { "x-request-id": `trace-${crypto.randomUUID()}` } });
    const retried = await api(TRIGGER, { key, body, headers: { "x-request-id": `trace-${crypto.randomUUID()}` } });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(retried.body.executionId).toBe(first.body.executionId);
  });

  it("rejects a reused header key with another body", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const headers = { "idempotency-key": `idem-${crypto.randomUUID()}` };
    const first = await api(TRIGGER, { key, body: triggerBody(campaignId, [recipient("one@example.com")]), headers });
    const reused = await api(TRIGGER, { key, body: triggerBody(campaignId, [recipient("two@example.com")]), headers });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe("IDEMPOTENCY_CONFLICT");
  });

  it("uses the x-request-id header as a key", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [recipient("xrid@example.com")]);
    const headers = { "x-request-id": `xrid-${crypto.randomUUID()}` };
    const first = await api(TRIGGER, { key, body, headers });
    const replay = await api(TRIGGER, { key, body, headers });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.executionId).toBe(first.body.executionId);
  });

  it("answers a call still in flight with 409 and Retry-After", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [recipient("inflight@example.com")]);
    const first = await api(TRIGGER, { key, body });
    // The state between a call's read batch, which claims the key, and its write batch.
    await setClaim(first.body.executionId, "state = 'claiming', created_at = ?", new Date().toISOString());
    const result = await api(TRIGGER, { key, body });
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe("REQUEST_IN_PROGRESS");
    const retryAfter = Number(result.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
  });

  it("takes over the key of a call that died before writing", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [recipient("died@example.com")]);
    const first = await api(TRIGGER, { key, body });
    await setClaim(
      first.body.executionId,
      "state = 'claiming', execution_id = 'exe_never_written', created_at = ?",
      new Date(Date.now() - 60_000).toISOString(),
    );
    const again = await api(TRIGGER, { key, body });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(again.body.executionId).not.toBe(first.body.executionId);
  });

  it("frees the key when the call is rejected", async () => {
    const { key, campaignId } = await liveEmailCampaign({ createProfiles: false });
    const body = triggerBody(campaignId, [recipient("nobody-yet@example.com")]);
    const rejected = await api(TRIGGER, { key, body });
    expect(rejected.status).toBe(422);
    expect(await count("SELECT count(*) AS n FROM idempotency_keys WHERE key = ?", body.requestId)).toBe(0);
    const again = await api(TRIGGER, { key, body });
    expect(again.body.error.code).toBe("RECIPIENTS_REJECTED");
  });

  it("checks the body before enqueueing a pending call", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [recipient("inflight2@example.com")]);
    const first = await api(TRIGGER, { key, body });
    await setClaim(first.body.executionId, "state = 'pending'");
    const result = await api(TRIGGER, { key, body: { ...body, recipients: [recipient("x@example.com")] } });
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe("IDEMPOTENCY_CONFLICT");
  });

  it("enqueues again a call whose send failed", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [recipient("stale@example.com")]);
    const first = await api(TRIGGER, { key, body });
    await waitForFinal(key, first.body.executionId);
    // The state a rejected queue send leaves behind.
    const messageId = first.body.recipients[0].messageId;
    const { context, profile } = recipient("stale@example.com");
    await env.DB.prepare(
      "UPDATE messages SET status = 'queued', attempts = 0, queued_at = NULL, context = ?, profile_overrides = ? WHERE id = ?",
    )
      .bind(JSON.stringify(context), JSON.stringify(profile), messageId)
      .run();
    await env.DB.prepare("DELETE FROM outbox WHERE message_id = ?").bind(messageId).run();
    await setClaim(first.body.executionId, "state = 'pending'");

    const replay = await api(TRIGGER, { key, body });
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const execution = await waitForFinal(key, first.body.executionId);
    expect(execution.recipients[0].status).toBe("sent");
    expect(await count("SELECT count(*) AS n FROM outbox WHERE message_id = ?", messageId)).toBe(1);
    expect(await count("SELECT count(*) AS n FROM idempotency_keys WHERE execution_id = ? AND state = 'done'", first.body.executionId)).toBe(1);
  });

  it("holds the key for the configured window", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const first = await api(TRIGGER, { key, body: triggerBody(campaignId, [recipient("window@example.com")]) });
    const row = await env.DB.prepare("SELECT created_at, expires_at FROM idempotency_keys WHERE execution_id = ?")
      .bind(first.body.executionId)
      .first<{ created_at: string; expires_at: string }>();
    const seconds = (Date.parse(row?.expires_at ?? "") - Date.parse(row?.created_at ?? "")) / 1000;
    expect(seconds).toBe(Number(env.IDEMPOTENCY_WINDOW_SECONDS));
  });

  it("frees the key once the window has passed", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [recipient("expired@example.com")]);
    const first = await api(TRIGGER, { key, body });
    await setClaim(first.body.executionId, "expires_at = ?", new Date(Date.now() - 1000).toISOString());
    const again = await api(TRIGGER, { key, body });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(again.body.executionId).not.toBe(first.body.executionId);
  });

  it("replays after the campaign stopped", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [recipient("stopped@example.com")]);
    const first = await api(TRIGGER, { key, body });
    await env.DB.prepare("UPDATE campaigns SET status = 'stopped' WHERE id = ?").bind(campaignId).run();
    const replay = await api(TRIGGER, { key, body });
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);
    expect(replay.body.executionId).toBe(first.body.executionId);
  });

  it("creates one execution for 100 concurrent calls", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const users = ["c1@example.com", "c2@example.com", "c3@example.com"];
    const body = triggerBody(campaignId, users.map((user) => recipient(user)));
    const results = await Promise.all(Array.from({ length: 100 }, () => api(TRIGGER, { key, body })));
    const fresh = results.filter((result) => result.status === 202 && !result.headers.get("idempotent-replayed"));
    const replayed = results.filter((result) => result.headers.get("idempotent-replayed") === "true");
    const inFlight = results.filter((result) => result.body?.error?.code === "REQUEST_IN_PROGRESS");
    const executionId = fresh[0]?.body.executionId;
    const execution = await waitForFinal(key, executionId);
    const sandboxId = await sandboxOf(executionId);
    const executions = await count("SELECT count(*) AS n FROM executions WHERE sandbox_id = ?", sandboxId);
    const messages = await count("SELECT count(*) AS n FROM messages WHERE sandbox_id = ?", sandboxId);
    const sends = await count("SELECT coalesce(sum(attempts), 0) AS n FROM messages WHERE sandbox_id = ?", sandboxId);
    await reportFigures("idempotency", {
      concurrentCalls: results.length,
      executionsCreated: executions,
      recipients: users.length,
      messagesCreated: messages,
      sendAttempts: sends,
      replayed: replayed.length,
      inFlight: inFlight.length,
    });

    expect(fresh).toHaveLength(1);
    expect(replayed.length + inFlight.length).toBe(99);
    for (const result of replayed) {
      expect(result.body.executionId).toBe(executionId);
    }
    for (const result of inFlight) {
      expect(result.status).toBe(409);
      expect(result.headers.get("retry-after")).toMatch(/^\d+$/);
    }
    expect(executions).toBe(1);
    expect(messages).toBe(users.length);
    expect(sends).toBe(users.length);
    expect(execution.recipients.map((item: { status: string }) => item.status)).toEqual(["sent", "sent", "sent"]);
  });
});
