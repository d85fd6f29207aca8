import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, liveEmailCampaign, newSandbox, recipient, triggerBody, waitForFinal } from "../../test/helpers.ts";
import { deliveriesTo, webhookFor } from "../../test/webhook-peer.ts";

describe("feedback webhooks", () => {
  it("shows the whsec_ secret once", async () => {
    const key = await newSandbox();
    const { webhook } = await webhookFor(key);
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await api("/v1/webhooks", { key });
    expect(listed.body.items[0].id).toBe(webhook.id);
    expect(JSON.stringify(listed.body)).not.toContain(webhook.secret);
  });

  it("delivers a signed sent event", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const { name } = await webhookFor(key);
    const trigger = await api("/ajo/im/executions/unitary", { key, body: triggerBody(campaignId, [recipient("hook@example.com")]) });
    await waitForFinal(key, trigger.body.executionId);
    const [delivery] = await deliveriesTo(name, 1);
    expect(delivery?.valid).toBe(true);
    expect(delivery?.id).toMatch(/^evt_/);
    expect(delivery?.body.type).toBe("message.sent");
    expect(delivery?.body.data.messageId).toBe(trigger.body.recipients[0].messageId);
    expect(delivery?.body.data.status).toBe("sent");
  });

  it("retries a failing receiver with the same webhook-id", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const { name } = await webhookFor(key, { failFirst: 2 });
    const trigger = await api("/ajo/im/executions/unitary", { key, body: triggerBody(campaignId, [recipient("retry@example.com")]) });
    await waitForFinal(key, trigger.body.executionId);
    const deliveries = await deliveriesTo(name, 1);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.valid).toBe(true);
  });

  it("sends a failed event with its reason", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const { name } = await webhookFor(key, { events: ["message.failed"] });
    const body = triggerBody(campaignId, [recipient("fails@example.com")]);
    await env.DB.prepare("UPDATE surfaces SET provider = 'nowhere' WHERE id IN (SELECT surface_id FROM campaign_versions WHERE campaign_id = ?)")
      .bind(campaignId)
      .run();
    const trigger = await api("/ajo/im/executions/unitary", { key, body });
    await waitForFinal(key, trigger.body.executionId);
    const [delivery] = await deliveriesTo(name, 1);
    expect(delivery?.body.type).toBe("message.failed");
    expect(String(delivery?.body.data.reason)).toContain("nowhere");
  });

  it("disables a webhook whose endpoint answers 410", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    // The receiver answers 410 Gone for a name it has no secret for.
    const created = await api("/v1/webhooks", { key, body: { url: `${env.PEER_URL}/hooks/gone-${crypto.randomUUID()}` } });
    const trigger = await api("/ajo/im/executions/unitary", { key, body: triggerBody(campaignId, [recipient("gone@example.com")]) });
    await waitForFinal(key, trigger.body.executionId);
    const deadline = Date.now() + 10_000;
    let webhook = await api(`/v1/webhooks/${created.body.id}`, { key });
    while (webhook.body.disabledAt === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      webhook = await api(`/v1/webhooks/${created.body.id}`, { key });
    }
    expect(webhook.body.disabledAt).toMatch(/^\d{4}-/);
  });

  it("rejects a private URL with the reason", async () => {
    const key = await newSandbox();
    const result = await api("/v1/webhooks", { key, body: { url: "https://192.168.0.10/hooks" } });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("url");
    expect(result.body.error.message).toContain("private");
  });

  it("deletes a webhook", async () => {
    const key = await newSandbox();
    const { webhook } = await webhookFor(key);
    expect((await api(`/v1/webhooks/${webhook.id}`, { key, method: "DELETE" })).status).toBe(204);
    expect((await api(`/v1/webhooks/${webhook.id}`, { key })).status).toBe(404);
  });
});
