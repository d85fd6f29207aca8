import { describe, expect, it } from "vitest";
import type { CampaignVersion, Surface } from "./model.ts";
import { renderPreview } from "./render-preview.ts";
import type { CampaignContent } from "./schemas/campaign.ts";
import type { Channel } from "./sending.ts";

const NOW = "2026-01-01T00:00:00.000Z";

function version(content: CampaignContent, defaults: Record<string, string> = {}): CampaignVersion {
  return {
    id: "cv_1",
    campaignId: "cmp_1",
    number: 1,
    title: "Preview",
    description: null,
    surfaceId: "srf_1",
    namespace: "email",
    createProfiles: false,
    startAt: null,
    endAt: null,
    content,
    defaults,
    variables: [],
    createdAt: NOW,
  };
}

function surface(channel: Channel, settings: Record<string, unknown> = {}): Surface {
  return { id: "srf_1", sandboxId: "sbx_1", channel, name: "s", provider: "outbox", settings, createdAt: NOW, updatedAt: NOW };
}

const view = { profile: { firstName: "Sam" }, context: { code: "1234" } };

describe("renderPreview parts", () => {
  it("renders every email part", () => {
    const content = { subject: "Hi {{profile.firstName}}", preheader: "Code", html: "<b>{{context.code}}</b>", text: "{{context.code}}" };
    const preview = renderPreview("email", version(content), surface("email"), view);
    expect(preview.parts).toEqual({ subject: "Hi Sam", preheader: "Code", html: "<b>1234</b>", text: "1234" });
    expect(preview.warnings).toEqual([]);
  });

  it("warns about each missing variable", () => {
    const preview = renderPreview("email", version({ subject: "{{profile.lastName}} {{context.order}}" }), null, view);
    expect(preview.warnings.map((warning) => warning.path)).toEqual(["context.order", "profile.lastName"]);
    expect(preview.parts.subject).toBe("{{profile.lastName}} {{context.order}}");
  });

  it("uses defaults without warning", () => {
    const preview = renderPreview("sms", version({ body: "Hi {{profile.nick}}" }, { "profile.nick": "there" }), null, view);
    expect(preview.parts.body).toBe("Hi there");
    expect(preview.warnings).toEqual([]);
  });

  it("warns about a syntax error and keeps other parts", () => {
    const preview = renderPreview("email", version({ subject: "{{#x}}", text: "ok" }), null, view);
    expect(preview.parts).toEqual({ text: "ok" });
    expect(preview.warnings[0]?.code).toBe("TEMPLATE_SYNTAX");
  });
});

describe("renderPreview SMS", () => {
  it("counts one GSM-7 segment", () => {
    const preview = renderPreview("sms", version({ body: "Code {{context.code}}" }), surface("sms"), view);
    expect(preview.sms).toEqual({ encoding: "GSM-7", segments: 1, characters: 9, maxSegments: 10 });
    expect(preview.warnings).toEqual([]);
  });

  it("warns about UCS-2 and segments", () => {
    const body = `this is a ${"]".repeat(74)}😘`;
    const preview = renderPreview("sms", version({ body }), surface("sms"), view);
    expect(preview.sms?.segments).toBe(2);
    expect(preview.warnings.map((warning) => warning.code)).toEqual(["SMS_ENCODING", "SMS_SEGMENTS"]);
    expect(preview.warnings[0]?.message).toContain('"😘"');
  });

  it("warns over the surface maximum", () => {
    const preview = renderPreview("sms", version({ body: "a".repeat(161) }), surface("sms", { maxSegments: 1 }), view);
    expect(preview.warnings.map((warning) => warning.code)).toEqual(["SMS_TOO_MANY_SEGMENTS"]);
  });
});

describe("renderPreview push", () => {
  it("measures the payload", () => {
    const preview = renderPreview("push", version({ title: "T", body: "B" }), surface("push"), view);
    expect(preview.push).toEqual({ payloadBytes: JSON.stringify({ notification: { title: "T", body: "B" } }).length, limitBytes: 4096 });
  });

  it("warns over 4096 bytes", () => {
    const preview = renderPreview("push", version({ title: "T", body: "a".repeat(5000) }), surface("push"), view);
    expect(preview.warnings.map((warning) => warning.code)).toEqual(["PUSH_PAYLOAD_TOO_LARGE"]);
  });

  it("renders data values", () => {
    const preview = renderPreview("push", version({ title: "T", data: { code: "{{context.code}}" } }), surface("push"), view);
    expect(preview.parts["data.code"]).toBe("1234");
  });
});
