import { describe, expect, it } from "vitest";
import {
  activate,
  api,
  createOk,
  emailCampaign,
  emailSurface,
  liveEmailCampaign,
  newSandbox,
  recipient,
  triggerBody,
  waitForFinal,
} from "../../test/helpers.ts";
import { testRuntime } from "../../test/runtime.ts";

describe("trigger to delivery", () => {
  it("delivers a triggered email to the outbox", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("jane@example.com")]),
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
    expect(trigger.body.executionId).toMatch(/^exe_/);
    const messageId = trigger.body.recipients[0].messageId;
    expect(messageId).toMatch(/^msg_/);
    expect(trigger.body.recipients[0].status).toBe("queued");

    const execution = await waitForFinal(key, trigger.body.executionId);
    expect(execution.recipients[0].status, JSON.stringify(execution)).toBe("sent");

    const message = await api(`/v1/messages/${messageId}`, { key });
    expect(message.body.rendered.subject).toBe("Hi Jane, reset your password");
    expect(message.body.rendered.text).toBe("Reset: https://example.com/reset?token=abc&uid=42");
    expect(message.body.rendered.html).toBe(
      '<p>Reset: <a href="https://example.com/reset?token=abc&amp;uid=42">link</a></p>',
    );
    expect(message.body.rendered.to.address).toBe("jane@example.com");
  });

  it("records the campaign version on each message", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const campaign = await api(`/v1/campaigns/${campaignId}`, { key });
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("ver@example.com")]),
    });
    const execution = await waitForFinal(key, trigger.body.executionId);
    expect(execution.recipients[0].campaignVersionId).toBe(campaign.body.live.id);
  });
});

describe("trigger rejections", () => {
  it("returns 404 for an unknown campaign", async () => {
    const key = await newSandbox();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody("cmp_missing", [recipient("a@example.com")]),
    });
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe("CAMPAIGN_NOT_FOUND");
  });

  it("rejects a draft campaign with CAMPAIGN_NOT_LIVE", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", emailSurface);
    const campaign = await createOk(key, "/v1/campaigns", emailCampaign(surface.id));
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaign.id, [recipient("a@example.com")]),
    });
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe("CAMPAIGN_NOT_LIVE");
  });

  it("names requestId when it is missing", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: { campaignId, recipients: [recipient("a@example.com")] },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("VALIDATION_FAILED");
    expect(result.body.error.details[0].path).toBe("requestId");
    expect(result.body.error.message).toContain("requestId");
  });

  it("rejects an unknown profile when profile creation is off", async () => {
    const { key, campaignId } = await liveEmailCampaign({ createProfiles: false });
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("known-nobody@example.com")]),
    });
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe("RECIPIENTS_REJECTED");
    expect(result.body.error.details[0].path).toBe("recipients[0].userId");
    const rows = await testRuntime().first("SELECT count(*) AS n FROM messages WHERE user_id = ?", ["known-nobody@example.com"]);
    expect(rows?.n).toBe(0);
  });

  it("queues nothing when one recipient of several is invalid", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const body = triggerBody(campaignId, [
      recipient("good@example.com"),
      recipient("bad@example.com", { profile: {} }),
    ]);
    const result = await api("/ajo/im/executions/unitary", { key, body });
    expect(result.status).toBe(422);
    expect(result.body.error.details).toHaveLength(1);
    expect(result.body.error.details[0].index).toBe(1);
    expect(result.body.error.message).toContain("profile.person.name.firstName");
    const rows = await testRuntime().first("SELECT count(*) AS n FROM messages WHERE user_id = ?", ["good@example.com"]);
    expect(rows?.n).toBe(0);
  });
});

describe("profile creation", () => {
  it("creates one profile holding only its identity", async () => {
    const { key, campaignId } = await liveEmailCampaign({ createProfiles: true });
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("New.Person@Example.com")]),
    });
    expect(result.status, JSON.stringify(result.body)).toBe(202);
    const identities = await testRuntime().all("SELECT i.value, p.attributes, p.created_by FROM identities i JOIN profiles p ON p.id = i.profile_id WHERE i.value = ?", ["new.person@example.com"]);
    expect(identities).toHaveLength(1);
    expect(identities[0]?.attributes).toBe("{}");
    expect(identities[0]?.created_by).toBe("interactive-messaging");
  });

  it("creates one profile for two concurrent triggers", async () => {
    const { key, campaignId } = await liveEmailCampaign({ createProfiles: true });
    const calls = [1, 2].map(() =>
      api("/ajo/im/executions/unitary", {
        key,
        body: triggerBody(campaignId, [recipient("new@example.com")]),
      }),
    );
    const results = await Promise.all(calls);
    expect(results.map((result) => result.status)).toEqual([202, 202]);
    const key_ = await testRuntime().first("SELECT sandbox_id FROM messages WHERE id = ?", [results[0]?.body.recipients[0].messageId]);
    const profiles = await testRuntime().first("SELECT count(*) AS n FROM identities WHERE sandbox_id = ? AND value = 'new@example.com'", [key_?.sandbox_id]);
    expect(profiles?.n).toBe(1);
    const messages = await testRuntime().first("SELECT count(DISTINCT profile_id) AS profiles, count(*) AS n FROM messages WHERE sandbox_id = ?", [key_?.sandbox_id]);
    expect(messages?.n).toBe(2);
    expect(messages?.profiles).toBe(1);
    for (const result of results) {
      const execution = await waitForFinal(key, result.body.executionId);
      const message = await api(`/v1/messages/${execution.recipients[0].messageId}`, { key });
      expect(message.body.rendered.to.address).toBe("new@example.com");
    }
  });
});

describe("other channels", () => {
  it("delivers an SMS to the outbox", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", {
      channel: "sms",
      name: "Codes",
      provider: "outbox",
      sender: "+15555550199",
      defaultRegion: "US",
    });
    const campaign = await createOk(key, "/v1/campaigns", {
      channel: "sms",
      title: "One-time code",
      surfaceId: surface.id,
      createProfiles: true,
      content: { body: "Your code is {{context.code}}" },
    });
    await activate(key, campaign.id);
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaign.id, [
        { type: "aep", userId: "(555) 555-0100", namespace: "phone", context: { code: "4821" } },
      ]),
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
    const execution = await waitForFinal(key, trigger.body.executionId);
    expect(execution.recipients[0].status).toBe("sent");
    const message = await api(`/v1/messages/${trigger.body.recipients[0].messageId}`, { key });
    expect(message.body.rendered.body).toBe("Your code is 4821");
    expect(message.body.rendered.to).toBe("+15555550100");
    expect(message.body.rendered.segments).toBe(1);
  });

  it("delivers a push to the outbox", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", {
      channel: "push",
      name: "App",
      provider: "outbox",
      appId: "com.example.app",
    });
    const campaign = await createOk(key, "/v1/campaigns", {
      channel: "push",
      title: "Order shipped",
      surfaceId: surface.id,
      createProfiles: true,
      content: { title: "Order {{context.orderId}}", body: "On its way, {{profile.firstName}}" },
    });
    await activate(key, campaign.id);
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaign.id, [
        {
          type: "aep",
          userId: "69182582886243657171234567890123456789",
          channelData: { pushInfo: { appID: "com.example.app", platform: "fcm", token: "device-token-1" } },
          profile: { firstName: "Sam" },
          context: { orderId: "A-17" },
        },
      ]),
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
    const execution = await waitForFinal(key, trigger.body.executionId);
    expect(execution.recipients[0].status).toBe("sent");
    const message = await api(`/v1/messages/${trigger.body.recipients[0].messageId}`, { key });
    expect(message.body.rendered.title).toBe("Order A-17");
    expect(message.body.rendered.body).toBe("On its way, Sam");
    expect(message.body.rendered.to.token).toBe("device-token-1");
  });
});
