import { describe, expect, it } from "vitest";
import { SURFACES, liveCampaign } from "../../test/campaigns.ts";
import { api, createOk, newSandbox } from "../../test/helpers.ts";

async function preview(key: string, campaignId: string, body: unknown) {
  return api(`/v1/campaigns/${campaignId}/preview`, { key, body });
}

describe("campaign preview", () => {
  it("renders each email part for a sample", async () => {
    const { key, campaignId } = await liveCampaign("email", {
      subject: "Hello {{context.name}}",
      fromName: "{{context.name}}'s team",
      html: '<a href="{{context.url}}">Reset</a>',
      text: "Reset: {{context.url}}",
    });
    const result = await preview(key, campaignId, {
      context: { name: "Sam", url: "https://example.com/reset?token=abc123&uid=42" },
    });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.parts).toEqual({
      subject: "Hello Sam",
      fromName: "Sam's team",
      html: '<a href="https://example.com/reset?token=abc123&amp;uid=42">Reset</a>',
      text: "Reset: https://example.com/reset?token=abc123&uid=42",
    });
    expect(result.body.from).toEqual({ address: "noreply@example.com", name: "Sam's team" });
    expect(result.body.version.state).toBe("live");
    expect(result.body.warnings).toEqual([]);
  });

  it("lists missing variables as warnings", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "Hi {{profile.firstName}}, your code is {{context.code}}" });
    const result = await preview(key, campaignId, { profile: {}, context: { code: "1234" } });
    expect(result.body.parts.body).toBe("Hi {{profile.firstName}}, your code is 1234");
    expect(result.body.warnings).toHaveLength(1);
    expect(result.body.warnings[0].code).toBe("MISSING_VARIABLE");
    expect(result.body.warnings[0].path).toBe("profile.firstName");
  });

  it("reports SMS encoding and segments", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "{{context.text}}" });
    const result = await preview(key, campaignId, { context: { text: `this is a ${"]".repeat(74)}😘` } });
    expect(result.body.sms).toEqual({ encoding: "UCS-2", segments: 2, characters: 85, maxSegments: 10 });
    expect(result.body.warnings.map((warning: { code: string }) => warning.code)).toEqual(["SMS_ENCODING", "SMS_SEGMENTS"]);
  });

  it("reports push payload bytes", async () => {
    const { key, campaignId } = await liveCampaign("push", { title: "Sale", body: "{{context.text}}" });
    const result = await preview(key, campaignId, { context: { text: "a".repeat(5000) } });
    expect(result.body.push.limitBytes).toBe(4096);
    expect(result.body.push.payloadBytes).toBeGreaterThan(5000);
    expect(result.body.warnings[0].code).toBe("PUSH_PAYLOAD_TOO_LARGE");
  });

  it("previews the draft of a live campaign", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "Old {{context.code}}" });
    await api(`/v1/campaigns/${campaignId}`, { key, method: "PATCH", body: { content: { body: "New {{context.code}}" } } });
    const draft = await preview(key, campaignId, { context: { code: "1" } });
    expect(draft.body.parts.body).toBe("New 1");
    expect(draft.body.version).toMatchObject({ number: 2, state: "draft" });
    const live = await preview(key, campaignId, { context: { code: "1" }, version: "live" });
    expect(live.body.parts.body).toBe("Old 1");
  });

  it("previews a draft with a syntax error", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", SURFACES.email);
    const campaign = await createOk(key, "/v1/campaigns", {
      channel: "email",
      title: "Draft",
      surfaceId: surface.id,
      content: { subject: "Hi {{#context.x}}", text: "ok" },
    });
    const result = await preview(key, campaign.id, {});
    expect(result.status).toBe(200);
    expect(result.body.parts).toEqual({ text: "ok" });
    expect(result.body.warnings[0].code).toBe("TEMPLATE_SYNTAX");
  });
});

describe("campaign preview bad input", () => {
  it("rejects context.system", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "x" });
    const result = await preview(key, campaignId, { context: { system: {} } });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("context.system");
  });

  it("rejects context over the limit", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "x" });
    const result = await preview(key, campaignId, { context: { blob: "x".repeat(60_000) } });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain("over the limit of 51200 bytes");
  });

  it("rejects a context that is not an object", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "x" });
    const result = await preview(key, campaignId, { context: "code=1" });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("context");
  });

  it("rejects an unknown version name", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "x" });
    const result = await preview(key, campaignId, { version: "latest" });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("version");
  });

  it("rejects a live preview of a draft", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", SURFACES.sms);
    const campaign = await createOk(key, "/v1/campaigns", { channel: "sms", title: "D", surfaceId: surface.id, content: { body: "x" } });
    const result = await preview(key, campaign.id, { version: "live" });
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe("INVALID_STATE");
  });

  it("returns 404 for an unknown campaign", async () => {
    const key = await newSandbox();
    const result = await preview(key, "cmp_missing", {});
    expect(result.status).toBe(404);
  });
});
