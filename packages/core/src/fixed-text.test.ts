import { describe, expect, it } from "vitest";
import { fixedText, isPlainText } from "./fixed-text.ts";

describe("fixedText", () => {
  it("drops variables", () => {
    expect(fixedText("Hi {{profile.firstName}}, code {{context.code}}.")).toBe("Hi , code .");
  });

  it("drops sections and their content", () => {
    expect(fixedText("A{{#context.items}}item{{/context.items}}B")).toBe("AB");
  });

  it("drops inverted sections", () => {
    expect(fixedText("A{{^context.vip}}regular{{/context.vip}}B")).toBe("AB");
  });

  it("drops comments", () => {
    expect(fixedText("A{{! note }}B")).toBe("AB");
  });

  it("keeps plain text", () => {
    expect(fixedText("no tags here")).toBe("no tags here");
  });
});

describe("isPlainText", () => {
  it("accepts text with a comment", () => {
    expect(isPlainText("https://example.com{{! tracking }}")).toBe(true);
  });

  it("rejects a variable", () => {
    expect(isPlainText("https://example.com/{{context.id}}")).toBe(false);
  });

  it("rejects a section", () => {
    expect(isPlainText("{{#context.a}}x{{/context.a}}")).toBe(false);
  });
});
