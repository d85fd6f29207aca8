import { describe, expect, it } from "vitest";
import { addPlaceholders, buildPreview, contentVariables } from "./preview-model.ts";

const sample = { defaults: {}, profile: {}, context: {}, surface: null };

function codes(result: ReturnType<typeof buildPreview>) {
  return result.warnings.map((warning) => warning.code);
}

describe("campaign preview", () => {
  it("renders a URL unescaped outside HTML", () => {
    const result = buildPreview({
      ...sample,
      channel: "email",
      content: { subject: "Reset: {{context.resetUrl}}", html: '<a href="{{context.resetUrl}}">x</a>' },
      context: { resetUrl: "https://example.com/reset?token=abc123&uid=42" },
    });
    expect(result.parts[0]?.output).toBe("Reset: https://example.com/reset?token=abc123&uid=42");
    expect(result.parts[1]?.output).toBe('<a href="https://example.com/reset?token=abc123&amp;uid=42">x</a>');
  });

  it("lists missing variables unless a default covers them", () => {
    const content = { body: "Hi {{profile.firstName}}, your code is {{context.code}}" };
    const missing = buildPreview({ ...sample, channel: "sms", content, context: { code: "1234" } });
    expect(codes(missing)).toEqual(["MISSING_VARIABLE"]);
    expect(missing.warnings[0]?.path).toBe("profile.firstName");
    const covered = buildPreview({
      ...sample,
      channel: "sms",
      content,
      context: { code: "1234" },
      defaults: { "profile.firstName": "there" },
    });
    expect(covered.warnings).toEqual([]);
    expect(covered.parts[0]?.output).toBe("Hi there, your code is 1234");
  });

  it("counts SMS segments of the rendered body", () => {
    const body = `this is a ${"]".repeat(74)}😘`;
    const result = buildPreview({ ...sample, channel: "sms", content: { body } });
    expect(result.sms?.encoding).toBe("UCS-2");
    expect(result.sms?.segments).toBe(2);
    expect(result.sms?.units).toBe(86);
    expect(codes(result)).toEqual(["SMS_ENCODING", "SMS_SEGMENTS"]);
  });

  it("measures the push payload in UTF-8 bytes", () => {
    const result = buildPreview({ ...sample, channel: "push", content: { title: "T", body: "x".repeat(5000) } });
    expect(result.push?.bytes).toBeGreaterThan(4096);
    expect(result.push?.limit).toBe(4096);
    expect(codes(result)).toEqual(["PUSH_PAYLOAD_TOO_LARGE"]);
    const small = buildPreview({ ...sample, channel: "push", content: { title: "é", body: "b" } });
    expect(small.push?.bytes).toBe(JSON.stringify({ notification: { title: "é", body: "b" } }).length + 1);
  });

  it("reports a syntax error per part", () => {
    const result = buildPreview({ ...sample, channel: "email", content: { subject: "Hi {{#context.items}}", text: "ok" } });
    expect(result.warnings[0]?.path).toBe("content.subject");
    expect(result.warnings[0]?.message).toContain("line 1");
    expect(result.parts.map((part) => part.output)).toEqual(["ok"]);
  });

  it("checks segments against the surface maximum", () => {
    const surface = {
      id: "srf_1",
      channel: "sms" as const,
      name: "Codes",
      provider: "outbox",
      settings: { sender: "Herald", maxSegments: 1 },
      createdAt: "",
      updatedAt: "",
    };
    const result = buildPreview({ ...sample, surface, channel: "sms", content: { body: "x".repeat(161) } });
    expect(result.sms?.maxSegments).toBe(1);
    expect(codes(result)).toContain("SMS_TOO_MANY_SEGMENTS");
  });
});

describe("sample placeholders", () => {
  it("adds only variables the sample lacks", () => {
    const data = { profile: { person: { name: { firstName: "Sam" } } }, context: {} as Record<string, unknown> };
    const variables = contentVariables("email", {
      subject: "{{profile.person.name.firstName}} {{profile.person.name.lastName}}",
      text: "{{context.resetUrl}}",
    });
    expect(variables).toEqual(["context.resetUrl", "profile.person.name.firstName", "profile.person.name.lastName"]);
    expect(addPlaceholders(variables, data)).toBe(true);
    expect(data.profile.person.name).toEqual({ firstName: "Sam", lastName: "<person.name.lastName>" });
    expect(data.context).toEqual({ resetUrl: "<resetUrl>" });
    expect(addPlaceholders(variables, data)).toBe(false);
  });
});
