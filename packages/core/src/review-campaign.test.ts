import { describe, expect, it } from "vitest";
import type { CampaignVersion, Surface } from "./model.ts";
import { type ReviewInput, reviewCampaign } from "./review-campaign.ts";
import type { CampaignContent } from "./schemas/campaign.ts";
import type { Channel } from "./sending.ts";

const NOW = new Date("2026-06-01T12:00:00.000Z");

function surface(channel: Channel, settings: Record<string, unknown> = {}): Surface {
  return {
    id: `srf_${channel}`,
    sandboxId: "sbx_1",
    channel,
    name: channel,
    provider: "outbox",
    settings,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  };
}

function version(content: CampaignContent, overrides: Partial<CampaignVersion> = {}): CampaignVersion {
  return {
    id: "cv_1",
    campaignId: "cmp_1",
    number: 1,
    title: "Test",
    description: null,
    surfaceId: "srf_1",
    namespace: "email",
    createProfiles: false,
    startAt: null,
    endAt: null,
    content,
    defaults: {},
    variables: [],
    createdAt: NOW.toISOString(),
    ...overrides,
  };
}

function review(channel: Channel, content: CampaignContent, overrides: Partial<ReviewInput> = {}) {
  return reviewCampaign({ channel, version: version(content), surface: surface(channel), now: NOW, ...overrides });
}

function codes(result: { problems: { code: string }[] }): string[] {
  return result.problems.map((problem) => problem.code);
}

describe("reviewCampaign content", () => {
  it("accepts complete email content", () => {
    const result = review("email", { subject: "Hi {{profile.firstName}}", text: "Code {{context.code}}" });
    expect(result.problems).toEqual([]);
    expect(result.ready).toBe(true);
  });

  it("lists the variables content uses", () => {
    const result = review("email", {
      subject: "Hi {{profile.firstName}}",
      preheader: "{{context.preview}}",
      fromName: "{{context.sender}}",
      text: "{{context.code}}",
    });
    expect(result.variables).toEqual(["context.code", "context.preview", "context.sender", "profile.firstName"]);
  });

  it("requires an email subject", () => {
    const result = review("email", { html: "<p>x</p>" });
    expect(result.problems).toEqual([
      { path: "content.subject", code: "CONTENT_MISSING", message: "content.subject is required for email campaigns" },
    ]);
  });

  it("requires an email body", () => {
    expect(review("email", { subject: "Hi" }).problems[0]?.path).toBe("content.html");
  });

  it("requires an SMS body", () => {
    expect(codes(review("sms", {}))).toEqual(["CONTENT_MISSING"]);
  });

  it("requires a push title or body", () => {
    expect(codes(review("push", { imageUrl: "https://example.com/a.png" }))).toEqual(["CONTENT_MISSING"]);
  });

  it("locates a syntax error by line and column", () => {
    const result = review("email", { subject: "Hi", html: "<p>\n  {{#context.items}}</p>" });
    expect(result.problems[0]?.code).toBe("TEMPLATE_SYNTAX");
    expect(result.problems[0]?.path).toBe("content.html");
    expect(result.problems[0]?.message).toMatch(/^line 2, column \d+: /);
  });

  it("rejects a variable outside profile and context", () => {
    const result = review("sms", { body: "Hi {{user.name}}" });
    expect(result.problems[0]).toMatchObject({ path: "content.body", code: "INVALID_VARIABLE_ROOT" });
    expect(result.problems[0]?.message).toContain('"user.name"');
  });

  it("rejects context.system", () => {
    expect(codes(review("sms", { body: "{{context.system.token}}" }))).toEqual(["RESERVED_VARIABLE"]);
  });

  it("checks push data values", () => {
    const result = review("push", { title: "T", data: { orderId: "{{order.id}}" } });
    expect(result.problems[0]?.path).toBe("content.data.orderId");
  });

  it("rejects a default outside profile and context", () => {
    const input = { version: version({ body: "x" }, { defaults: { firstName: "there" } }) };
    const result = review("sms", { body: "x" }, input);
    expect(result.problems[0]).toMatchObject({ path: "defaults.firstName", code: "INVALID_DEFAULT" });
  });
});

describe("reviewCampaign surface and window", () => {
  it("rejects a surface of another channel", () => {
    const result = review("email", { subject: "Hi", text: "x" }, { surface: surface("sms") });
    expect(result.problems[0]).toMatchObject({ path: "surfaceId", code: "SURFACE_CHANNEL_MISMATCH" });
  });

  it("rejects a missing surface", () => {
    expect(codes(review("sms", { body: "x" }, { surface: null }))).toEqual(["SURFACE_NOT_FOUND"]);
  });

  it("rejects start not before end", () => {
    const dates = { startAt: "2026-07-01T00:00:00.000Z", endAt: "2026-07-01T00:00:00.000Z" };
    const result = review("sms", { body: "x" }, { version: version({ body: "x" }, dates) });
    expect(codes(result)).toEqual(["INVALID_WINDOW"]);
  });

  it("rejects an end already past", () => {
    const dates = { endAt: "2026-05-01T00:00:00.000Z" };
    const result = review("sms", { body: "x" }, { version: version({ body: "x" }, dates) });
    expect(result.problems[0]?.message).toContain("2026-05-01T00:00:00.000Z");
  });

  it("accepts a future window", () => {
    const dates = { startAt: "2026-07-01T00:00:00.000Z", endAt: "2026-08-01T00:00:00.000Z" };
    expect(review("sms", { body: "x" }, { version: version({ body: "x" }, dates) }).ready).toBe(true);
  });
});

describe("reviewCampaign channel limits", () => {
  it("rejects a 5000-character push body", () => {
    const result = review("push", { title: "Sale", body: "a".repeat(5000) });
    expect(codes(result)).toEqual(["PUSH_PAYLOAD_TOO_LARGE"]);
    expect(result.problems[0]?.message).toContain("4096-byte limit");
  });

  it("measures the push payload with empty variables", () => {
    const body = `${"a".repeat(4000)}{{context.more}}`;
    expect(review("push", { title: "Sale", body }).ready).toBe(true);
  });

  it("counts push data in the payload", () => {
    const result = review("push", { title: "T", data: { blob: "x".repeat(4100) } });
    expect(codes(result)).toEqual(["PUSH_PAYLOAD_TOO_LARGE"]);
  });

  it("rejects SMS fixed text over max segments", () => {
    const body = `${"a".repeat(307)} {{context.code}}`;
    const result = review("sms", { body }, { surface: surface("sms", { maxSegments: 2 }) });
    expect(codes(result)).toEqual(["SMS_TOO_MANY_SEGMENTS"]);
    expect(result.problems[0]?.message).toContain("3 GSM-7 segments, over the surface maximum of 2");
  });

  it("accepts SMS fixed text at max segments", () => {
    const body = `${"a".repeat(306)}{{context.code}}`;
    expect(review("sms", { body }, { surface: surface("sms", { maxSegments: 2 }) }).ready).toBe(true);
  });

  it("counts UCS-2 SMS segments", () => {
    const body = `${"é".repeat(10)}😘${"a".repeat(60)}`;
    const result = review("sms", { body }, { surface: surface("sms", { maxSegments: 1 }) });
    expect(result.problems[0]?.message).toContain("2 UCS-2 segments");
  });

  it("uses ten segments without a surface maximum", () => {
    expect(review("sms", { body: "a".repeat(153 * 10 + 1) }).problems[0]?.code).toBe("SMS_TOO_MANY_SEGMENTS");
  });

  it("rejects a plain http image URL", () => {
    const result = review("push", { title: "T", imageUrl: "http://example.com/a.png" });
    expect(result.problems[0]).toMatchObject({ path: "content.imageUrl", code: "INVALID_URL" });
  });

  it("leaves a templated image URL to the send", () => {
    expect(review("push", { title: "T", imageUrl: "{{context.image}}" }).ready).toBe(true);
  });

  it("accepts an app deep link", () => {
    expect(review("push", { title: "T", deepLink: "myapp://orders/1" }).ready).toBe(true);
  });

  it("rejects a deep link that is not a URL", () => {
    expect(codes(review("push", { title: "T", deepLink: "orders page" }))).toEqual(["INVALID_URL"]);
  });
});

describe("reviewCampaign broken campaign", () => {
  it("lists every problem at once", () => {
    const content = {
      title: "{{#context.items}}",
      body: `{{user.name}} {{context.system.id}} ${"x".repeat(5000)}`,
      imageUrl: "ftp://example.com/a.png",
      deepLink: "not a link",
    };
    const dates = { startAt: "2026-05-02T00:00:00.000Z", endAt: "2026-05-01T00:00:00.000Z", defaults: { name: "x" } };
    const result = reviewCampaign({ channel: "push", version: version(content, dates), surface: surface("email"), now: NOW });
    expect(new Set(codes(result))).toEqual(
      new Set([
        "TEMPLATE_SYNTAX",
        "INVALID_VARIABLE_ROOT",
        "RESERVED_VARIABLE",
        "INVALID_DEFAULT",
        "SURFACE_CHANNEL_MISMATCH",
        "PUSH_PAYLOAD_TOO_LARGE",
        "INVALID_URL",
        "INVALID_WINDOW",
        "WINDOW_PASSED",
      ]),
    );
  });
});
