import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { countingD1 } from "../test/counting-d1.ts";
import { liveEmailCampaign, recipient, triggerBody, waitForFinal } from "../test/helpers.ts";
import worker from "./worker.ts";

/** Sends one trigger call straight to the Worker's fetch handler with the given D1 binding. */
async function trigger(database: D1Database, key: string, body: unknown, vars: Record<string, string> = {}) {
  const request = new Request("http://herald.test/ajo/im/executions/unitary", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const context = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...vars, DB: database }, context);
  await waitOnExecutionContext(context);
  return { status: response.status, body: await response.text() };
}

function recipients(prefix: string, count: number) {
  return Array.from({ length: count }, (_, index) => recipient(`${prefix}-${index}@example.com`));
}

describe("trigger round trips", () => {
  it("makes two database round trips when warm", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const warmUp = await trigger(env.DB, key, triggerBody(campaignId, recipients("warm", 1)));
    expect(warmUp.status, warmUp.body).toBe(202);

    const counted = countingD1(env.DB);
    const result = await trigger(counted.database, key, triggerBody(campaignId, recipients("counted", 20)));
    expect(result.status, result.body).toBe(202);
    expect(counted.roundTrips(), "one read batch and one write batch").toBe(2);
  });

  it("makes one round trip for a warm replay", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, recipients("replay", 3));
    const first = await trigger(env.DB, key, body);
    expect(first.status, first.body).toBe(202);

    const counted = countingD1(env.DB);
    const replay = await trigger(counted.database, key, body);
    expect(replay.status, replay.body).toBe(202);
    expect(counted.roundTrips()).toBe(1);
  });

  it("reloads the campaign after activation", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const counted = countingD1(env.DB);
    const result = await trigger(counted.database, key, triggerBody(campaignId, recipients("cold", 1)));
    expect(result.status, result.body).toBe(202);
    expect(counted.roundTrips(), "the activation cleared the cached campaign").toBe(3);
  });

  it("reads 100 known profiles in one batch", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const vars = { MAX_RECIPIENTS: "100" };
    const first = await trigger(env.DB, key, triggerBody(campaignId, recipients("hundred", 100)), vars);
    expect(first.status, first.body).toBe(202);

    const counted = countingD1(env.DB);
    const again = await trigger(counted.database, key, triggerBody(campaignId, recipients("hundred", 100)), vars);
    expect(again.status, again.body).toBe(202);
    expect(counted.roundTrips()).toBe(2);
    const profiles = await env.DB.prepare("SELECT count(*) AS n FROM identities WHERE value LIKE 'hundred-%'").first<{ n: number }>();
    expect(profiles?.n).toBe(100);
    // Lets the consumer finish, so it does not log after this file's isolate is gone.
    await waitForFinal(key, JSON.parse(first.body).executionId, 20_000);
    await waitForFinal(key, JSON.parse(again.body).executionId, 20_000);
  });
});
