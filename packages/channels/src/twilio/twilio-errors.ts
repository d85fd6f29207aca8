import type { SendOutcome } from "@herald/core";
import { classifyStatus, shortReason } from "../http/http-outcome.ts";

/**
 * Twilio error codes that a later attempt can get past: 20429 (too many requests), 14107 (SMS
 * rate limit of the account), 20500 (internal error) and 20503 (service unavailable). Codes are
 * from Twilio's error dictionary, https://www.twilio.com/docs/api/errors.
 */
const RETRYABLE_CODES = new Set([14107, 20429, 20500, 20503]);

/**
 * Twilio error codes about the recipient or the content. No retry can fix them, even when they
 * come with a 5xx: 21211 (invalid `To` number), 21408 (region not enabled), 21610 (recipient
 * replied STOP), 21612 (number not reachable), 21614 (not a mobile number) and 21617 (body over
 * 1,600 characters).
 */
const PERMANENT_CODES = new Set([21211, 21408, 21610, 21612, 21614, 21617]);

/** The JSON error Twilio's REST API returns: `{ code, message, more_info, status }`. */
export interface TwilioError {
  code?: number;
  message?: string;
  status?: number;
}

/** Maps a Twilio error response to an outcome, by its error code first and its HTTP status next. */
export function classifyTwilioError(status: number, error: TwilioError | undefined, headers: Headers): SendOutcome {
  const code = typeof error?.code === "number" ? error.code : undefined;
  const detail = typeof error?.message === "string" ? error.message : `HTTP ${status}`;
  const reason = `Twilio ${status}${code === undefined ? "" : ` error ${code}`}: ${detail}`;
  if (code !== undefined && PERMANENT_CODES.has(code)) {
    return { kind: "permanent", reason: shortReason(reason) };
  }
  if (code !== undefined && RETRYABLE_CODES.has(code)) {
    return classifyStatus(status >= 500 ? status : 429, reason, headers);
  }
  return classifyStatus(status, reason, headers);
}
