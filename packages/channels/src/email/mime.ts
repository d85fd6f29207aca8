import type { EmailAddress, RenderedEmail } from "@herald/core";
import { parseEmailAddress, toAsciiDomain } from "./address.ts";
import {
  formatMailboxHeader,
  formatUnstructuredHeader,
  sanitizeHeaderText,
} from "./header-encoding.ts";
import { encodeQuotedPrintable } from "./quoted-printable.ts";

export const DEFAULT_MESSAGE_ID_DOMAIN = "herald.local";

const utf8 = new TextEncoder();

export interface MimeOptions {
  /** Herald's message id (`msg_…`), from which the Message-ID header is derived. */
  messageId: string;
  /** Right-hand side of the Message-ID, by default `herald.local`. */
  messageIdDomain?: string;
  date?: Date;
}

/** A message ready for SMTP DATA, with the envelope addresses it goes to. */
export interface MimeMessage {
  /** The whole message with CRLF line endings, pure ASCII, ending in CRLF. */
  raw: string;
  /** The Message-ID header value, angle brackets included. */
  messageIdHeader: string;
  envelope: { from: string; to: string[] };
}

/** Invalid content for an email, such as a malformed address. Sending it again cannot help. */
export class InvalidEmailError extends Error {
  override name = "InvalidEmailError";
}

/**
 * Builds an RFC 5322 message from a rendered email: a multipart/alternative body with the text
 * part first when both text and html are given, else a single part.
 *
 * @throws InvalidEmailError when an address is invalid or the email has neither text nor html.
 */
export function buildMimeMessage(email: RenderedEmail, options: MimeOptions): MimeMessage {
  const from = toWireMailbox("from", email.from);
  const to = toWireMailbox("to", email.to);
  const replyTo = email.replyTo && toWireMailbox("replyTo", email.replyTo);
  const messageIdHeader = formatMessageId(options.messageId, options.messageIdDomain);

  const headers = [
    `Date: ${formatDate(options.date ?? new Date())}`,
    formatMailboxHeader("From", from),
    ...(replyTo ? [formatMailboxHeader("Reply-To", replyTo)] : []),
    formatMailboxHeader("To", to),
    formatUnstructuredHeader("Subject", email.subject),
    `Message-ID: ${messageIdHeader}`,
    "MIME-Version: 1.0",
  ];
  const raw = `${[...headers, ...buildBody(email)].join("\r\n")}\r\n`;
  return { raw, messageIdHeader, envelope: { from: from.address, to: [to.address] } };
}

function toWireMailbox(field: string, mailbox: EmailAddress): EmailAddress {
  const parsed = parseEmailAddress(mailbox.address);
  if (!parsed.ok) {
    throw new InvalidEmailError(`${field}: ${parsed.reason}`);
  }
  return { address: parsed.value.address, name: mailbox.name };
}

/** Returns the header section's last lines, the blank line, and the body. */
function buildBody(email: RenderedEmail): string[] {
  const parts: string[][] = [];
  if (email.text !== undefined) {
    parts.push(textPart("text/plain", email.text));
  }
  if (email.html !== undefined) {
    parts.push(textPart("text/html", withPreheader(email.html, email.preheader)));
  }

  const [first, ...rest] = parts;
  if (!first) {
    throw new InvalidEmailError("email has neither a text nor an html body");
  }
  if (rest.length === 0) {
    return endSinglePart(first);
  }

  // "=_" can never occur in quoted-printable output, so the boundary cannot clash with a part.
  const boundary = `=_herald_${randomHex(12)}`;
  return [
    "Content-Type: multipart/alternative;",
    ` boundary="${boundary}"`,
    "",
    ...parts.flatMap((part) => [`--${boundary}`, ...part]),
    `--${boundary}--`,
  ];
}

/**
 * Makes the body of a one-part message end in exactly one CRLF, which the message needs. A
 * quoted-printable soft line break adds one without adding a line break to the content.
 */
function endSinglePart(part: string[]): string[] {
  const body = part.at(-1) ?? "";
  const ended = body.endsWith("\r\n") ? body.slice(0, -2) : `${body}=`;
  return [...part.slice(0, -1), ended];
}

function textPart(type: string, content: string): string[] {
  return [
    `Content-Type: ${type}; charset=utf-8`,
    "Content-Transfer-Encoding: quoted-printable",
    "",
    encodeQuotedPrintable(content),
  ];
}

/**
 * Inserts the preheader as hidden text at the start of the html body, where inboxes take the
 * preview line from.
 */
export function withPreheader(html: string, preheader: string | undefined): string {
  const text = sanitizeHeaderText(preheader ?? "");
  if (text === "") {
    return html;
  }
  const hidden =
    '<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;' +
    `mso-hide:all;font-size:1px;line-height:1px;">${escapeHtml(text)}</div>`;
  const body = /<body\b[^>]*>/i.exec(html);
  if (!body) {
    return hidden + html;
  }
  const end = body.index + body[0].length;
  return html.slice(0, end) + hidden + html.slice(end);
}

function escapeHtml(text: string): string {
  const entities: Record<string, string> = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
  };
  return text.replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

/**
 * Formats the Message-ID for a Herald message id, the same on every attempt so that a repeat is
 * recognizable. Characters outside letters, digits, `_` and `-` are percent-encoded.
 */
export function formatMessageId(messageId: string, domain = DEFAULT_MESSAGE_ID_DOMAIN): string {
  if (messageId === "") {
    throw new InvalidEmailError("message id must not be empty");
  }
  const asciiDomain = toAsciiDomain(domain);
  if (!asciiDomain.ok) {
    const reason = `Message-ID domain ${JSON.stringify(domain)}: ${asciiDomain.reason}`;
    throw new InvalidEmailError(reason);
  }
  const left = Array.from(messageId, (char) =>
    /[A-Za-z0-9_-]/.test(char) ? char : percentEncode(char),
  );
  return `<${left.join("")}@${asciiDomain.value}>`;
}

function percentEncode(char: string): string {
  const bytes = Array.from(utf8.encode(char), (byte) => byte.toString(16).toUpperCase());
  return bytes.map((hex) => `%${hex.padStart(2, "0")}`).join("");
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Formats a date as RFC 5322 requires, in UTC: `Thu, 04 Dec 2025 14:23:00 +0000`. */
export function formatDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const day = `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())}`;
  const month = `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()].map(pad).join(":");
  return `${day} ${month} ${time} +0000`;
}

function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (value) => value.toString(16).padStart(2, "0")).join("");
}
