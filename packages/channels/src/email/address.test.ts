import { describe, expect, it } from "vitest";
import { isValidEmailAddress, parseEmailAddress, toAsciiDomain } from "./address.ts";

describe("parseEmailAddress", () => {
  it("accepts a plain address", () => {
    const result = parseEmailAddress("jane.doe+news@example.com");
    expect(result).toEqual({
      ok: true,
      value: {
        address: "jane.doe+news@example.com",
        localPart: "jane.doe+news",
        domain: "example.com",
      },
    });
  });

  it("rejects CR/LF header injection", () => {
    const result = parseEmailAddress("user@example.com\r\nX-Injected: yes");
    expect(result.ok).toBe(false);
    expect(isValidEmailAddress("user@example.com\r\nX-Injected: yes")).toBe(false);
  });

  it.each([
    ["a trailing CRLF", "user@example.com\r\n"],
    ["a bare LF", "user@exam\nple.com"],
    ["a bare CR", "us\rer@example.com"],
    ["a NUL", "user\u0000@example.com"],
    ["a tab", "user@example.com\t"],
    ["DEL", "user\u007f@example.com"],
    ["NEL", "user@example.com\u0085"],
    ["a line separator", "user@example.com\u2028"],
  ])("rejects %s", (_, input) => {
    const result = parseEmailAddress(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toContain("control character");
  });

  it.each([
    ["no @", "user.example.com"],
    ["an empty local part", "@example.com"],
    ["an empty domain", "user@"],
    ["a space", "jane doe@example.com"],
    ["a leading dot", ".jane@example.com"],
    ["two dots in a row", "jane..doe@example.com"],
    ["a trailing dot", "jane.@example.com"],
    ["a quoted local part", "\"jane doe\"@example.com"],
    ["angle brackets", "<jane@example.com>"],
    ["a display name", "Jane <jane@example.com>"],
    ["a comma", "jane@example.com,bob@example.com"],
    ["two @", "jane@doe@example.com"],
    ["a single-label domain", "jane@localhost"],
    ["a numeric top-level label", "jane@127.0.0.1"],
    ["an IP literal", "jane@[127.0.0.1]"],
    ["a label starting with a hyphen", "jane@-example.com"],
    ["an empty label", "jane@example..com"],
    ["a trailing dot in the domain", "jane@example.com."],
    ["an underscore in the domain", "jane@ex_ample.com"],
    ["a port", "jane@example.com:25"],
    ["a path", "jane@example.com/x"],
    ["a percent sign in the domain", "jane@ex%41mple.com"],
    ["a non-ASCII local part", "jöe@example.com"],
    ["a 65-character local part", `${"a".repeat(65)}@example.com`],
    ["a 64-character label", `jane@${"a".repeat(64)}.com`],
    ["a domain over 253 characters", `jane@${`${"a".repeat(62)}.`.repeat(4)}com`],
    ["an address over 254 characters", `${"j".repeat(64)}@${`${"a".repeat(62)}.`.repeat(3)}com`],
  ])("rejects %s", (_, input) => {
    expect(parseEmailAddress(input).ok).toBe(false);
  });

  it("converts an international domain to punycode", () => {
    const result = parseEmailAddress("jane@bücher.example");
    expect(result).toMatchObject({ ok: true, value: { address: "jane@xn--bcher-kva.example" } });
  });

  it("lowercases the domain but not the local part", () => {
    const result = parseEmailAddress("Jane.Doe@Example.COM");
    expect(result).toMatchObject({ ok: true, value: { address: "Jane.Doe@example.com" } });
  });

  it("keeps a punycode domain as it is", () => {
    const result = parseEmailAddress("jane@xn--bcher-kva.example");
    expect(result).toMatchObject({ ok: true, value: { domain: "xn--bcher-kva.example" } });
  });

  it("accepts the longest allowed local part", () => {
    expect(isValidEmailAddress(`${"a".repeat(64)}@example.com`)).toBe(true);
  });
});

describe("toAsciiDomain", () => {
  it("converts each international label", () => {
    const result = toAsciiDomain("mañana.ejemplo.es");
    expect(result).toEqual({ ok: true, value: "xn--maana-pta.ejemplo.es" });
  });

  it("rejects an invalid international name", () => {
    expect(toAsciiDomain("exa\u200bmple\uFFFF.com").ok).toBe(false);
  });
});
