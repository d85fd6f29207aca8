import { describe, expect, it } from "vitest";
import { addPlaceholders, buildPreview, contentVariables } from "./preview-model.ts";

const sample = { defaults: {}, profile: {}, context: {} };

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
    expect(missing.missing).toEqual(["profile.firstName"]);
    const covered = buildPreview({
      ...sample,
      channel: "sms",
      content,
      context: { code: "1234" },
      defaults: { "profile.firstName": "there" },
    });
    expect(covered.missing).toEqual([]);
    expect(covered.parts[0]?.output).toBe("Hi there, your code is 1234");
  });

  it("counts SMS segments of the rendered body", () => {
    const body = `this is a ${"]".repeat(74)}😘`;
    const result = buildPreview({ ...sample, channel: "sms", content: { body } });
    expect(result.sms?.encoding).toBe("UCS-2");
    expect(result.sms?.segments).toBe(2);
  });

  it("measures the push payload in UTF-8 bytes", () => {
    const result = buildPreview({ ...sample, channel: "push", content: { title: "T", body: "x".repeat(5000) } });
    expect(result.push?.bytes).toBeGreaterThan(4096);
    expect(result.push?.limit).toBe(4096);
    const small = buildPreview({ ...sample, channel: "push", content: { title: "é", body: "b" } });
    expect(small.push?.bytes).toBe(JSON.stringify({ notification: { title: "é", body: "b" } }).length + 1);
  });

  it("reports a syntax error per part", () => {
    const result = buildPreview({ ...sample, channel: "email", content: { subject: "Hi {{#context.items}}", text: "ok" } });
    expect(result.parts[0]?.error).toContain("line 1");
    expect(result.parts[1]?.output).toBe("ok");
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
