import { describe, expect, it } from "vitest";
import { api, liveEmailCampaign, recipient, triggerBody } from "../../test/helpers.ts";
import { testRuntime } from "../../test/runtime.ts";

function expectEnvelope(result: { status: number; body: any; headers: Headers }, code: string) {
  expect(result.body.error.code, JSON.stringify(result.body)).toBe(code);
  expect(typeof result.body.error.message).toBe("string");
  expect(result.body.error.requestId).toMatch(/^req_/);
  expect(result.headers.get("herald-request-id")).toBe(result.body.error.requestId);
}

describe("trigger bad input", () => {
  it("rejects malformed JSON with 400", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      method: "POST",
      raw: '{"requestId": "x", "campaignId": ',
      headers: { "content-type": "application/json" },
    });
    expect(result.status).toBe(400);
    expectEnvelope(result, "MALFORMED_JSON");
  });

  it("rejects an empty body with 400", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", { key, method: "POST", raw: "" });
    expect(result.status).toBe(400);
    expectEnvelope(result, "MALFORMED_JSON");
  });

  it("rejects a JSON array body with 400", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", { key, body: [1, 2] });
    expect(result.status).toBe(400);
    expectEnvelope(result, "VALIDATION_FAILED");
  });

  it("names each field of the wrong type", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: { requestId: 12, campaignId: true, recipients: "everyone" },
    });
    expect(result.status).toBe(400);
    expectEnvelope(result, "VALIDATION_FAILED");
    const paths = result.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(["requestId", "campaignId", "recipients"]));
  });

  it("rejects an empty recipient list", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", { key, body: triggerBody(campaignId, []) });
    expect(result.status).toBe(400);
    expectEnvelope(result, "VALIDATION_FAILED");
    expect(result.body.error.message).toContain("recipients: must contain at least 1 recipient");
  });

  it("rejects 21 recipients", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const recipients = Array.from({ length: 21 }, (_, index) => recipient(`user${index}@example.com`));
    const result = await api("/ajo/im/executions/unitary", { key, body: triggerBody(campaignId, recipients) });
    expect(result.status).toBe(400);
    expectEnvelope(result, "VALIDATION_FAILED");
    expect(result.body.error.message).toContain("at most 20 recipients");
  });

  it("accepts 20 recipients", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const recipients = Array.from({ length: 20 }, (_, index) => recipient(`user${index}@example.com`));
    const result = await api("/ajo/im/executions/unitary", { key, body: triggerBody(campaignId, recipients) });
    expect(result.status, JSON.stringify(result.body)).toBe(202);
    expect(result.body.recipients).toHaveLength(20);
  });

  it("rejects an unknown recipient type", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("a@example.com", { type: "segment" })]),
    });
    expect(result.status).toBe(400);
    expectEnvelope(result, "VALIDATION_FAILED");
    expect(result.body.error.details[0].path).toBe("recipients[0].type");
  });

  it("rejects an empty userId", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("   ")]),
    });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain("recipients[0].userId: must not be empty");
  });

  it("rejects duplicate userIds in one call", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("dup@example.com"), recipient("Dup@Example.com")]),
    });
    expect(result.status).toBe(422);
    expect(result.body.error.details[0].code).toBe("DUPLICATE_RECIPIENT");
  });

  it("rejects a context.system key", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [
        recipient("a@example.com", { context: { resetUrl: "https://x.test", system: { a: 1 } } }),
      ]),
    });
    expect(result.status).toBe(422);
    expect(result.body.error.details[0].path).toBe("recipients[0].context.system");
  });

  it("rejects a request without an API key", async () => {
    const { campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      body: triggerBody(campaignId, [recipient("a@example.com")]),
    });
    expect(result.status).toBe(401);
    expectEnvelope(result, "UNAUTHORIZED");
  });

  it("rejects an x-sandbox-name of another sandbox", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      headers: { "x-sandbox-name": "prod" },
      body: triggerBody(campaignId, [recipient("a@example.com")]),
    });
    expect(result.status).toBe(403);
    expectEnvelope(result, "SANDBOX_MISMATCH");
  });

  it("accepts AJO headers and ignored merge policy fields", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      headers: { "x-api-key": "client-id", "x-gw-ims-org-id": "org@AdobeOrg" },
      body: triggerBody(campaignId, [
        recipient("merge@example.com", { mergePolicyName: "default", mergePolicySchema: "_xdm.context.profile" }),
      ]),
    });
    expect(result.status, JSON.stringify(result.body)).toBe(202);
  });
});

describe("trigger hostile input", () => {
  it("rejects JSON nested 3,000 levels deep", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const raw = `{"requestId":"deep","campaignId":"${campaignId}","recipients":[{"type":"aep","userId":"a@example.com","context":${"{\"a\":".repeat(3000)}1${"}".repeat(3000)}}]}`;
    const result = await api("/ajo/im/executions/unitary", { key, method: "POST", raw });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain("nested deeper than 32 levels");
  });

  it("rejects a lone surrogate in a userId", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const raw = `{"requestId":"surrogate","campaignId":"${campaignId}","recipients":[{"type":"external","userId":"a\\ud800@example.com"}]}`;
    const result = await api("/ajo/im/executions/unitary", { key, method: "POST", raw });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("recipients[0].userId");
  });

  it("rejects a body that is not UTF-8", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const bytes = new TextEncoder().encode(`{"requestId":"x","campaignId":"${campaignId}","recipients":[]}`);
    const broken = new Uint8Array([...bytes.slice(0, 15), 0xff, 0xfe, ...bytes.slice(15)]);
    const request = new Request("http://herald.test/ajo/im/executions/unitary", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: broken,
    });
    const response = await testRuntime().fetch(request);
    const body = (await response.json()) as { error: { code: string } };
    expect(response.status).toBe(400);
    expect(body.error.code).toBe("MALFORMED_JSON");
  });

  it("rejects a profile sent as an array", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("a@example.com", { profile: [1, 2] })]),
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("recipients[0].profile");
  });

  it("rejects profile attributes over the size limit", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [
        recipient("big@example.com", { profile: { person: { name: { firstName: "x".repeat(1_000_000) } } } }),
      ]),
    });
    expect(result.status).toBe(422);
    expect(result.body.error.details[0].code).toBe("PROFILE_TOO_LARGE");
    expect(result.body.error.message).toContain("51200 bytes");
  });

  it("names each missing variable by its path", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("a@example.com", { profile: {}, context: {} })]),
    });
    expect(result.status).toBe(422);
    const paths = result.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(["recipients[0].context.resetUrl", "recipients[0].profile.person.name.firstName"]);
  });

  it("rejects an impossible start date", async () => {
    const { key, surfaceId } = await liveEmailCampaign();
    const result = await api("/v1/campaigns", {
      key,
      body: { channel: "email", title: "Feb", surfaceId, startAt: "2026-02-30T00:00:00Z", content: { subject: "s", text: "t" } },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("startAt");
  });
});

describe("routing errors", () => {
  it("returns 405 with Allow for a wrong method", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api("/ajo/im/executions/unitary", { key, method: "PUT", raw: "{}" });
    expect(result.status).toBe(405);
    expect(result.body.error.code).toBe("METHOD_NOT_ALLOWED");
    expect(result.headers.get("allow")).toContain("POST");
  });

  it("returns 404 for an unknown route", async () => {
    const result = await api("/v1/nothing-here");
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe("NOT_FOUND");
  });

  it("cuts a long id in a not-found message", async () => {
    const { key } = await liveEmailCampaign();
    const result = await api(`/v1/campaigns/${"x".repeat(5000)}`, { key });
    expect(result.status).toBe(404);
    expect(result.body.error.message.length).toBeLessThan(200);
  });
});
