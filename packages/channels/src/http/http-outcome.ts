import type { SendOutcome } from "@herald/core";
import type { HttpResult } from "./http-client.ts";

/** Longest reason stored for a message; provider error texts can be long. */
const MAX_REASON_LENGTH = 300;

/**
 * Reads a `Retry-After` header (RFC 9110, section 10.2.3): a number of seconds or an HTTP date.
 * Returns whole seconds from `now`, or undefined when the header is missing or invalid.
 */
export function parseRetryAfter(headers: Headers, now: Date = new Date()): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) {
    return undefined;
  }
  if (/^\d+$/.test(value)) {
    return Number(value);
  }
  const date = Date.parse(value);
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

/** Shortens provider text for a stored reason and keeps it on one line. */
export function shortReason(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1)}…` : line;
}

/**
 * Maps an HTTP status to an outcome class: 408, 425, 429 and 5xx are retryable, with the
 * server's `Retry-After`, and every other 4xx is permanent. Providers with their own error codes
 * refine this.
 */
export function classifyStatus(status: number, reason: string, headers: Headers): SendOutcome {
  const transient = status === 408 || status === 425 || status === 429 || status >= 500;
  if (transient) {
    const retryAfterSeconds = parseRetryAfter(headers);
    return retryAfterSeconds === undefined
      ? { kind: "retryable", reason: shortReason(reason) }
      : { kind: "retryable", reason: shortReason(reason), retryAfterSeconds };
  }
  return { kind: "permanent", reason: shortReason(reason) };
}

/**
 * Maps a call that got no response: retryable when the request never went out, else unknown,
 * because the provider may have acted on it.
 */
export function transportOutcome(result: Exclude<HttpResult, { kind: "response" }>): SendOutcome {
  if (result.kind === "not-sent") {
    return { kind: "retryable", reason: result.reason };
  }
  return { kind: "unknown", reason: `${result.reason}, so the provider may have accepted the message` };
}

/** Parses a JSON response body, returning undefined for anything that is not a JSON object. */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
