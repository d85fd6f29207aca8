import { env } from "cloudflare:test";
import { HeraldError, triggerExecution } from "@herald/core";
import { describe, expect, it } from "vitest";
import { workerDeps } from "./worker-deps.ts";
import { liveCampaign, reachable, rejectOne, sendOne } from "../test/campaigns.ts";
import { api } from "../test/helpers.ts";

const RESET_URL = "https://example.com/reset?token=abc123&uid=42";

describe("rendering keys", () => {
  it("renders keys that contain a dot", async () => {
    const template = "{{context.PRODUCT.TITLE}} - {{context.PRODUCT.BRAND}}";
    const { key, campaignId } = await liveCampaign("email", { subject: template, text: template });
    const context = { "PRODUCT.TITLE": "Sample Shoe", "PRODUCT.BRAND": "Acme" };
    const message = await sendOne(key, campaignId, reachable("email", { context }));
    expect(message.rendered.subject).toBe("Sample Shoe - Acme");
    expect(message.rendered.text).toBe("Sample Shoe - Acme");
  });

  it("renders array indexes and hyphens", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "{{context.items.0.name}} for {{profile.first-name}}" });
    const message = await sendOne(
      key,
      campaignId,
      reachable("sms", { context: { items: [{ name: "Widget" }] }, profile: { "first-name": "Sam" } }),
    );
    expect(message.rendered.body).toBe("Widget for Sam");
  });

  it("rejects an unresolved dotted path", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "{{context.PRODUCT.TITLE}}" });
    const error = await rejectOne(key, campaignId, reachable("sms", { context: { PRODUCT: {} } }));
    expect(error.message).toContain("context.PRODUCT.TITLE");
  });
});

describe("rendering escapes", () => {
  it("keeps URLs exact outside HTML", async () => {
    const { key, campaignId } = await liveCampaign("email", {
      subject: "Reset: {{context.resetUrl}}",
      text: "Reset: {{context.resetUrl}}",
      html: '<a href="{{context.resetUrl}}">Reset</a> {{{context.resetUrl}}}',
    });
    const message = await sendOne(key, campaignId, reachable("email", { context: { resetUrl: RESET_URL } }));
    expect(message.rendered.subject).toBe(`Reset: ${RESET_URL}`);
    expect(message.rendered.text).toBe(`Reset: ${RESET_URL}`);
    expect(message.rendered.html).toBe(
      '<a href="https://example.com/reset?token=abc123&amp;uid=42">Reset</a> https://example.com/reset?token=abc123&uid=42',
    );
  });

  it("keeps URLs exact in SMS", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "Reset: {{context.resetUrl}}" });
    const message = await sendOne(key, campaignId, reachable("sms", { context: { resetUrl: RESET_URL } }));
    expect(message.rendered.body).toBe(`Reset: ${RESET_URL}`);
  });

  it("keeps URLs exact in push", async () => {
    const { key, campaignId } = await liveCampaign("push", {
      title: "Reset",
      body: "Reset: {{context.resetUrl}}",
      deepLink: "{{context.resetUrl}}",
      data: { url: "{{context.resetUrl}}" },
    });
    const message = await sendOne(key, campaignId, reachable("push", { context: { resetUrl: RESET_URL } }));
    expect(message.rendered.body).toBe(`Reset: ${RESET_URL}`);
    expect(message.rendered.deepLink).toBe(RESET_URL);
    expect(message.rendered.data).toEqual({ url: RESET_URL });
  });
});

describe("rendering missing variables", () => {
  const content = { body: "Hi {{profile.firstName}}, your code is {{context.code}}" };

  it("rejects a recipient missing a variable", async () => {
    const { key, campaignId } = await liveCampaign("sms", content);
    const error = await rejectOne(key, campaignId, reachable("sms", { profile: {}, context: { code: "1234" } }));
    expect(error.code).toBe("RECIPIENTS_REJECTED");
    expect(error.details[0].code).toBe("MISSING_VARIABLES");
    expect(error.details.map((detail: { path: string }) => detail.path)).toEqual(["recipients[0].profile.firstName"]);
    expect(error.message).toContain("profile.firstName");
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM messages WHERE campaign_id = ?").bind(campaignId).first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });

  it("uses the campaign default", async () => {
    const { key, campaignId } = await liveCampaign("sms", content, { defaults: { "profile.firstName": "there" } });
    const message = await sendOne(key, campaignId, reachable("sms", { profile: {}, context: { code: "1234" } }));
    expect(message.rendered.body).toBe("Hi there, your code is 1234");
  });

  it("prefers a present value over the default", async () => {
    const { key, campaignId } = await liveCampaign("sms", content, { defaults: { "profile.firstName": "there" } });
    const message = await sendOne(key, campaignId, reachable("sms", { profile: { firstName: "Sam" }, context: { code: "1234" } }));
    expect(message.rendered.body).toBe("Hi Sam, your code is 1234");
  });
});

describe("rendering email headers", () => {
  it("personalizes subject, sender name and text", async () => {
    const { key, campaignId } = await liveCampaign("email", {
      subject: "Hello {{context.name}}",
      fromName: "{{context.name}}'s team",
      preheader: "For {{context.name}}",
      text: "Hi {{context.name}}",
      html: "<p>Hi {{context.name}}</p>",
    });
    const message = await sendOne(key, campaignId, reachable("email", { context: { name: "Sam" } }));
    expect(message.rendered.subject).toBe("Hello Sam");
    expect(message.rendered.from).toEqual({ address: "noreply@example.com", name: "Sam's team" });
    expect(message.rendered.preheader).toBe("For Sam");
    expect(message.rendered.text).toBe("Hi Sam");
    expect(message.rendered.html).toBe("<p>Hi Sam</p>");
  });
});

describe("rendering context", () => {
  it("never sends to an address in context", async () => {
    const { key, campaignId } = await liveCampaign("email", { subject: "Hi", text: "Hi" });
    const message = await sendOne(key, campaignId, {
      type: "aep",
      userId: "user@example.com",
      namespace: "email",
      context: { email: "other@example.com", emailAddress: "other@example.com" },
    });
    expect(message.rendered.to.address).toBe("user@example.com");
  });

  it("does not store context on the profile", async () => {
    const { key, campaignId } = await liveCampaign("email", { subject: "Hi", text: "{{context.code}}" });
    const message = await sendOne(key, campaignId, reachable("email", { context: { code: "1234" } }));
    const profile = await api(`/v1/profiles/${message.profileId}`, { key });
    expect(profile.body.attributes).toEqual({});
  });

  it("renders numbers and booleans as JSON text", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "{{context.count}} {{context.price}} {{context.vip}} {{context.none}}" });
    const message = await sendOne(key, campaignId, reachable("sms", { context: { count: 3, price: 9.5, vip: false, none: 0 } }));
    expect(message.rendered.body).toBe("3 9.5 false 0");
  });

  it("renders sections over nested arrays", async () => {
    const { key, campaignId } = await liveCampaign("email", {
      subject: "Order {{context.order.id}}",
      text: "{{#context.order.items}}{{qty}}x {{name}};{{/context.order.items}}{{^context.order.gift}} no gift{{/context.order.gift}}",
    });
    const context = { order: { id: "A-17", items: [{ name: "Shoe", qty: 2 }, { name: "Sock", qty: 1 }], gift: false } };
    const message = await sendOne(key, campaignId, reachable("email", { context }));
    expect(message.rendered.text).toBe("2x Shoe;1x Sock; no gift");
  });

  it("rejects context over 50 KB with limit and size", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "x" });
    const filler = "x".repeat(51_200 - JSON.stringify({ blob: "" }).length + 1);
    const error = await rejectOne(key, campaignId, reachable("sms", { context: { blob: filler } }));
    expect(error.details[0].path).toBe("recipients[0].context");
    expect(error.details[0].message).toContain("is 51201 bytes, over the limit of 51200 bytes");
  });

  it("accepts context of exactly 50 KB", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "x" });
    const filler = "x".repeat(51_200 - JSON.stringify({ blob: "" }).length);
    await sendOne(key, campaignId, reachable("sms", { context: { blob: filler } }));
  });

  it("takes the context limit from MAX_CONTEXT_BYTES", async () => {
    const { campaignId } = await liveCampaign("sms", { body: "{{context.code}}" });
    const row = await env.DB.prepare("SELECT sandbox_id FROM campaigns WHERE id = ?").bind(campaignId).first<{ sandbox_id: string }>();
    const deps = workerDeps({ ...env, MAX_CONTEXT_BYTES: "100" });
    const body = { requestId: `small-${crypto.randomUUID()}`, campaignId, recipients: [reachable("sms", { context: { code: "x".repeat(100) } })] };
    const error = await triggerExecution(deps, row?.sandbox_id ?? "", body).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HeraldError);
    expect((error as HeraldError).details[0]?.message).toContain("is 111 bytes, over the limit of 100 bytes");
  });

  it("rejects context.system", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "x" });
    const error = await rejectOne(key, campaignId, reachable("sms", { context: { system: { role: "admin" } } }));
    expect(error.details[0].path).toBe("recipients[0].context.system");
  });
});

describe("rendering size limits", () => {
  it("rejects a 5000-character push body at review", async () => {
    const { key } = await liveCampaign("push", { title: "Sale", body: "ok" });
    const surface = await api("/v1/surfaces", { key });
    const campaign = await api("/v1/campaigns", {
      key,
      body: { channel: "push", title: "Big", surfaceId: surface.body.items[0].id, content: { title: "Sale", body: "a".repeat(5000) } },
    });
    const review = await api(`/v1/campaigns/${campaign.body.id}/review`, { key, method: "POST" });
    expect(review.body.problems.map((problem: { code: string }) => problem.code)).toEqual(["PUSH_PAYLOAD_TOO_LARGE"]);
  });

  it("rejects a rendered push over 4096 bytes", async () => {
    const { key, campaignId } = await liveCampaign("push", { title: "Sale", body: "{{context.text}}" });
    const error = await rejectOne(key, campaignId, reachable("push", { context: { text: "a".repeat(5000) } }));
    expect(error.details[0].code).toBe("CONTENT_TOO_LARGE");
    expect(error.details[0].message).toContain("over the 4096-byte limit");
  });

  it("rejects a rendered SMS over max segments", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "{{context.text}}" }, {}, { maxSegments: 2 });
    const error = await rejectOne(key, campaignId, reachable("sms", { context: { text: "a".repeat(307) } }));
    expect(error.details[0].message).toContain("needs 3 segments, over the surface maximum of 2");
  });
});
