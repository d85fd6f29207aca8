import { type AddressObject, simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { InvalidEmailError, buildMimeMessage, formatDate, formatMessageId } from "./mime.ts";
import { renderedEmail } from "./test-support/fixtures.ts";

const options = { messageId: "msg_01JABCDEF", date: new Date("2025-12-04T14:23:05Z") };

function build(overrides: Parameters<typeof renderedEmail>[0] = {}) {
  return buildMimeMessage(renderedEmail(overrides), options).raw;
}

function headerSection(raw: string): string {
  return raw.slice(0, raw.indexOf("\r\n\r\n"));
}

/** Returns each header field unfolded onto one line. */
function headerFields(raw: string): string[] {
  return headerSection(raw).replace(/\r\n[ \t]/g, " ").split("\r\n");
}

function firstAddress(field: AddressObject | AddressObject[] | undefined) {
  const object = Array.isArray(field) ? field[0] : field;
  return object?.value[0];
}

const ENCODED_WORD = /=\?[^?]+\?[QB]\?[^?]*\?=/gi;

describe("buildMimeMessage", () => {
  it("builds text and html alternatives", async () => {
    const raw = build();
    const parsed = await simpleParser(raw);
    expect(parsed.headers.get("content-type")).toMatchObject({ value: "multipart/alternative" });
    expect(parsed.text).toBe("Hello Jane,\nopen https://example.com/reset?token=abc&uid=42\n");
    expect(parsed.html).toBe(renderedEmail().html);
    expect(raw.indexOf("text/plain")).toBeLessThan(raw.indexOf("text/html"));
  });

  it("sets sender, recipient and subject", async () => {
    const parsed = await simpleParser(build());
    const from = { address: "sender@example.com", name: "Herald Team" };
    expect(firstAddress(parsed.from)).toEqual(from);
    expect(firstAddress(parsed.to)).toEqual({ address: "jane@example.com", name: "Jane Doe" });
    expect(parsed.subject).toBe("Reset your password");
  });

  it("sets Reply-To when given", async () => {
    const replyTo = { address: "support@example.com", name: "Support" };
    const parsed = await simpleParser(build({ replyTo }));
    expect(firstAddress(parsed.replyTo)).toEqual(replyTo);
  });

  it("sets Date, MIME-Version and Message-ID", () => {
    const fields = headerFields(build());
    expect(fields).toContain("Date: Thu, 04 Dec 2025 14:23:05 +0000");
    expect(fields).toContain("MIME-Version: 1.0");
    expect(fields).toContain("Message-ID: <msg_01JABCDEF@herald.local>");
  });

  it("derives the same Message-ID on every build", () => {
    const first = buildMimeMessage(renderedEmail(), options);
    const second = buildMimeMessage(renderedEmail(), { ...options, date: new Date() });
    expect(second.messageIdHeader).toBe(first.messageIdHeader);
  });

  it("returns the envelope addresses", () => {
    const { envelope } = buildMimeMessage(renderedEmail(), options);
    expect(envelope).toEqual({ from: "sender@example.com", to: ["jane@example.com"] });
  });

  it("ends every line with CRLF", () => {
    const raw = build({ text: "one\ntwo\rthree\r\nfour" });
    expect(raw.endsWith("\r\n")).toBe(true);
    expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("keeps every line within the limits", () => {
    const raw = build({ html: `<p>${"é long line ".repeat(200)}</p>`, text: "x".repeat(2000) });
    const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
    for (const line of body.split("\r\n")) {
      expect(line.length).toBeLessThanOrEqual(76);
    }
  });

  it("round-trips a long non-ASCII body", async () => {
    const html = `<p>${"Amériques 🚀 ".repeat(100)}</p>`;
    const parsed = await simpleParser(build({ html }));
    expect(parsed.html).toBe(html);
  });

  it("is pure ASCII", () => {
    const raw = build({ subject: "Ünïcödé ✓", html: "<p>日本語</p>", text: "Grüße" });
    expect(raw).toMatch(/^[\u0000-\u007f]*$/);
  });

  it("sends a text-only email as one part", async () => {
    const raw = build({ html: undefined });
    const parsed = await simpleParser(raw);
    expect(headerFields(raw)).toContain("Content-Type: text/plain; charset=utf-8");
    expect(parsed.text).toBe(renderedEmail().text);
  });

  it("sends an html-only email as one part", async () => {
    const raw = build({ text: undefined });
    expect(headerFields(raw)).toContain("Content-Type: text/html; charset=utf-8");
    expect((await simpleParser(raw)).html).toBe(renderedEmail().html);
  });

  it("rejects an email without a body", () => {
    expect(() => build({ text: undefined, html: undefined })).toThrow(InvalidEmailError);
  });
});

describe("header injection", () => {
  it("turns CR/LF in the subject into a space", () => {
    const raw = build({ subject: "Hi\r\nBcc: attacker@example.net" });
    expect(headerFields(raw)).toContain("Subject: Hi Bcc: attacker@example.net");
  });

  it("adds no header that Herald did not set", async () => {
    const raw = build({
      subject: "Hi\r\nBcc: attacker@example.net",
      from: { address: "sender@example.com", name: "Eve\r\nX-Injected: yes" },
      to: { address: "jane@example.com", name: "Jane\nCc: bob@example.net" },
      preheader: "Hello\r\n\r\n<script>",
    });
    const names = headerFields(raw).map((field) => field.slice(0, field.indexOf(":")));
    expect(names).toEqual([
      "Date",
      "From",
      "To",
      "Subject",
      "Message-ID",
      "MIME-Version",
      "Content-Type",
    ]);
    const parsed = await simpleParser(raw);
    expect(parsed.headers.has("bcc")).toBe(false);
    expect(parsed.headers.has("cc")).toBe(false);
    expect(parsed.headers.has("x-injected")).toBe(false);
  });

  it.each([
    ["recipient", { to: { address: "user@example.com\r\nX-Injected: yes" } }],
    ["sender", { from: { address: "user@example.com\r\nX-Injected: yes" } }],
    ["reply-to", { replyTo: { address: "user@example.com\r\nX-Injected: yes" } }],
  ])("rejects an injected %s address", (_, overrides) => {
    expect(() => build(overrides)).toThrow(InvalidEmailError);
  });
});

describe("encoded headers", () => {
  it("Q-encodes a non-ASCII subject", async () => {
    const raw = build({ subject: "Partir Aux Amériques" });
    const subject = headerFields(raw).find((field) => field.startsWith("Subject:")) ?? "";
    expect(subject).toContain("=C3=A9");
    expect(headerSection(raw)).toMatch(/^[\u0020-\u007e\r\n]*$/);
    expect((await simpleParser(raw)).subject).toBe("Partir Aux Amériques");
  });

  it("splits a long subject into short encoded-words", async () => {
    const subject = `Votre commande n°4521 est expédiée 🚚 ${"à très bientôt, ".repeat(12)}— l'équipe`;
    const raw = build({ subject });
    const words = headerSection(raw).match(ENCODED_WORD) ?? [];
    expect(words.length).toBeGreaterThan(3);
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
    }
    for (const line of headerSection(raw).split("\r\n")) {
      expect(line.length).toBeLessThanOrEqual(76);
    }
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(subject);
    expect(parsed.subject).not.toContain("\uFFFD");
  });

  it("B-encodes a subject that is mostly non-ASCII", async () => {
    const subject = "パスワードを再設定してください。リンクは24時間有効です。";
    const raw = build({ subject });
    expect(headerSection(raw)).toContain("=?UTF-8?B?");
    expect((await simpleParser(raw)).subject).toBe(subject);
  });

  it("folds a long ASCII subject at spaces", async () => {
    const subject = "Your weekly summary: ".repeat(8).trim();
    const raw = build({ subject });
    for (const line of headerSection(raw).split("\r\n")) {
      expect(line.length).toBeLessThanOrEqual(76);
    }
    expect((await simpleParser(raw)).subject).toBe(subject);
  });

  it("encodes an ASCII subject that looks like an encoded-word", async () => {
    const subject = "=?UTF-8?Q?not_decoded?=";
    expect((await simpleParser(build({ subject }))).subject).toBe(subject);
  });

  it("quotes a display name with a comma", async () => {
    const raw = build({ from: { address: "sender@example.com", name: "Doe, Sam" } });
    expect(headerFields(raw)).toContain('From: "Doe, Sam" <sender@example.com>');
    const parsed = await simpleParser(raw);
    const from = Array.isArray(parsed.from) ? parsed.from[0] : parsed.from;
    expect(from?.value).toEqual([{ address: "sender@example.com", name: "Doe, Sam" }]);
  });

  it("escapes quotes and backslashes in a display name", async () => {
    const name = 'Sam "The Sender" \\ Doe';
    const raw = build({ from: { address: "sender@example.com", name } });
    expect(firstAddress((await simpleParser(raw)).from)?.name).toBe(name);
  });

  it("encodes a non-ASCII display name without quotes", async () => {
    const name = "Amélie Dupont, Service client";
    const raw = build({ to: { address: "jane@example.com", name } });
    const to = headerFields(raw).find((field) => field.startsWith("To:")) ?? "";
    expect(to).toMatch(/^To: =\?UTF-8\?[QB]\?/);
    expect(to).not.toMatch(/"[^"]*=\?/);
    const parsed = await simpleParser(raw);
    expect(firstAddress(parsed.to)).toEqual({ address: "jane@example.com", name });
  });

  it("encodes a long display name in several words", async () => {
    const name = `Équipe ${"très longue ".repeat(10)}`.trim();
    const raw = build({ from: { address: "sender@example.com", name } });
    for (const word of headerSection(raw).match(ENCODED_WORD) ?? []) {
      expect(word.length).toBeLessThanOrEqual(75);
    }
    expect(firstAddress((await simpleParser(raw)).from)?.name).toBe(name);
  });

  it("sends an international domain in punycode", async () => {
    const email = renderedEmail({ to: { address: "jane@bücher.example" } });
    const message = buildMimeMessage(email, options);
    expect(headerFields(message.raw)).toContain("To: jane@xn--bcher-kva.example");
    expect(message.envelope.to).toEqual(["jane@xn--bcher-kva.example"]);
  });
});

describe("preheader", () => {
  it("puts hidden text at the start of the body", async () => {
    const parsed = await simpleParser(build({ preheader: "Your code expires in 10 minutes" }));
    expect(parsed.html).toMatch(
      /^<html><body><div style="display:none;[^"]*">Your code expires in 10 minutes<\/div><p>Hello/,
    );
  });

  it("escapes html in the preheader", async () => {
    const parsed = await simpleParser(build({ preheader: "<b>Tom & Jerry</b>" }));
    expect(parsed.html).toContain(">&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</div>");
  });

  it("prepends the preheader to html without a body tag", async () => {
    const parsed = await simpleParser(build({ html: "<p>Hi</p>", preheader: "Preview" }));
    expect(parsed.html).toMatch(/^<div style="display:none;[^"]*">Preview<\/div><p>Hi<\/p>$/);
  });
});

describe("formatMessageId", () => {
  it("uses the configured domain", () => {
    expect(formatMessageId("msg_1", "mail.example.com")).toBe("<msg_1@mail.example.com>");
  });

  it("percent-encodes characters outside the id alphabet", () => {
    expect(formatMessageId("msg 1.é>", "example.com")).toBe("<msg%201%2E%C3%A9%3E@example.com>");
  });

  it("rejects an invalid domain", () => {
    expect(() => formatMessageId("msg_1", "bad domain>")).toThrow(InvalidEmailError);
  });
});

describe("formatDate", () => {
  it("formats in UTC with a numeric zone", () => {
    expect(formatDate(new Date("2026-01-09T03:04:05Z"))).toBe("Fri, 09 Jan 2026 03:04:05 +0000");
  });
});
