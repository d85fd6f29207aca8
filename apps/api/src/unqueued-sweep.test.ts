import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, count, liveEmailCampaign, recipient, triggerBody, waitForFinal } from "../test/helpers.ts";
import worker from "./worker.ts";

type Env = typeof env;

/** A queue binding that rejects every send, as a local or real queue does past its limit. */
const rejectingQueue = {
  send: async () => {
    throw new Error("Unknown Internal Error (15000)");
  },
  sendBatch: async () => {
    throw new Error("Unknown Internal Error (15000)");
  },
} as unknown as Queue;

/** A queue binding that accepts sends and loses them, as a process dying after its write does. */
const losingQueue = { send: async () => {}, sendBatch: async () => {} } as unknown as Queue;

async function trigger(testEnv: Env, key: string, body: unknown) {
  const request = new Request("http://herald.test/ajo/im/executions/unitary", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const context = createExecutionContext();
  const response = await worker.fetch(request, testEnv, context);
  await waitOnExecutionContext(context);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

async function sweep() {
  await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);
}

async function rejectedCall(userIds: string[]) {
  const { key, campaignId } = await liveEmailCampaign();
  const body = triggerBody(campaignId, userIds.map((userId) => recipient(userId)));
  const result = await trigger({ ...env, QUEUE_EMAIL: rejectingQueue }, key, body);
  const execution = await env.DB.prepare("SELECT id FROM executions WHERE request_id = ?")
    .bind(body.requestId)
    .first<{ id: string }>();
  return { key, body, result, executionId: execution?.id ?? "" };
}

async function expectDeliveredOnce(key: string, executionId: string, recipients: number) {
  const execution = await waitForFinal(key, executionId);
  for (const item of execution.recipients) {
    expect(item.status, JSON.stringify(item)).toBe("sent");
    expect(item.attempts, JSON.stringify(item)).toBe(1);
  }
  const outbox = await count(
    "SELECT count(*) AS n FROM outbox WHERE message_id IN (SELECT id FROM messages WHERE execution_id = ?)",
    executionId,
  );
  expect(outbox).toBe(recipients);
}

describe("unqueued messages", () => {
  it("sweeps more messages than one statement binds", async () => {
    const calls = await Promise.all(
      Array.from({ length: 6 }, (_, call) => rejectedCall(Array.from({ length: 20 }, (_, index) => `many-${call}-${index}@example.com`))),
    );
    await sweep();
    for (const { key, executionId } of calls) {
      await expectDeliveredOnce(key, executionId, 20);
    }
  });

  it("finishes a sweep whose queue rejects", async () => {
    const { executionId } = await rejectedCall(["still-full@example.com"]);
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), { ...env, QUEUE_EMAIL: rejectingQueue });
    const waiting = await count("SELECT count(*) AS n FROM messages WHERE execution_id = ? AND queued_at IS NULL", executionId);
    expect(waiting).toBe(1);
  });

  it("answers 503 with Retry-After when the queue rejects", async () => {
    const { result } = await rejectedCall(["full@example.com"]);
    expect(result.status, JSON.stringify(result.body)).toBe(503);
    expect(result.body.error.code).toBe("QUEUE_UNAVAILABLE");
    expect(result.headers.get("retry-after")).toBe("5");
  });

  it("keeps a rejected call's messages for the sweep", async () => {
    const { executionId } = await rejectedCall(["kept-a@example.com", "kept-b@example.com"]);
    const waiting = await count(
      "SELECT count(*) AS n FROM messages WHERE execution_id = ? AND status = 'queued' AND queued_at IS NULL",
      executionId,
    );
    expect(waiting).toBe(2);
  });

  it("sweeps a rejected call's messages and sends each once", async () => {
    const { key, executionId } = await rejectedCall(["swept-a@example.com", "swept-b@example.com", "swept-c@example.com"]);
    await sweep();
    await expectDeliveredOnce(key, executionId, 3);
    await sweep();
    const again = await count("SELECT count(*) AS n FROM messages WHERE execution_id = ? AND queued_at IS NULL", executionId);
    expect(again).toBe(0);
  });

  it("enqueues a rejected call's messages on its retry", async () => {
    const { key, body, executionId } = await rejectedCall(["retry-a@example.com", "retry-b@example.com"]);
    const retry = await trigger(env, key, body);
    expect(retry.status, JSON.stringify(retry.body)).toBe(202);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body.executionId).toBe(executionId);
    await expectDeliveredOnce(key, executionId, 2);
    const claim = await count("SELECT count(*) AS n FROM idempotency_keys WHERE execution_id = ? AND state = 'done'", executionId);
    expect(claim).toBe(1);
  });

  it("sends once when a retry and the sweep race", async () => {
    const { key, body, executionId } = await rejectedCall(["race-a@example.com", "race-b@example.com"]);
    const [retry] = await Promise.all([trigger(env, key, body), sweep()]);
    expect(retry.status, JSON.stringify(retry.body)).toBe(202);
    await expectDeliveredOnce(key, executionId, 2);
  });

  it("sends again a message its queue lost", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await trigger({ ...env, QUEUE_EMAIL: losingQueue }, key, triggerBody(campaignId, [recipient("lost@example.com")]));
    expect(result.status, JSON.stringify(result.body)).toBe(202);
    const executionId = result.body.executionId as string;
    await sweep();
    expect(await count("SELECT count(*) AS n FROM outbox WHERE message_id = ?", result.body.recipients[0].messageId)).toBe(0);

    const handedOver = new Date(Date.now() - 20 * 60_000).toISOString();
    await env.DB.prepare("UPDATE messages SET queued_at = ? WHERE execution_id = ?").bind(handedOver, executionId).run();
    await sweep();
    await expectDeliveredOnce(key, executionId, 1);
  });
});

describe("replayed trigger", () => {
  it("replays without a queue send", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [recipient("no-resend@example.com")]);
    const first = await api("/ajo/im/executions/unitary", { key, body });
    expect(first.status).toBe(202);
    const replay = await trigger({ ...env, QUEUE_EMAIL: rejectingQueue }, key, body);
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);
  });
});
