import type { SendOutcome } from "@herald/core";
import {
  SmtpConnectionError,
  SmtpError,
  SmtpProtocolError,
  SmtpReplyError,
  SmtpTimeoutError,
} from "./smtp-errors.ts";
import { describe } from "./smtp-reply.ts";

// Queue ids in 250 replies such as "2.0.0 Ok: queued as 4Y8Z1K2mXz", "OK id=1tIu7X-000Abc-4h",
// "Ok 0100018c2f…-000000" and "2.0.0 4B3ABcde012345 Message accepted for delivery".
// NOTE: these are the forms Postfix, Exim, Amazon SES and Sendmail are known to use, written from
// memory and not checked against those servers. Other replies fall back to the Message-ID.
const QUEUE_ID_PATTERNS = [
  /\bqueued as ([^\s;,]+)/i,
  /\bid=([^\s;,]+)/i,
  /^(?:\d\.\d{1,3}\.\d{1,3} )?ok ([0-9a-f][0-9a-f-]{15,})$/i,
  /^(?:\d\.\d{1,3}\.\d{1,3} )?([0-9A-Za-z]{8,}) Message accepted for delivery/i,
];

/** Returns the server's queue id from the text of its 250 reply to the final `.`, if any. */
export function extractQueueId(replyText: string): string | undefined {
  for (const pattern of QUEUE_ID_PATTERNS) {
    const id = pattern.exec(replyText.trim())?.[1];
    if (id) {
      return id;
    }
  }
  return undefined;
}

/**
 * Maps an error from `sendMail` to an outcome. A 4xx reply, or a failed connection before the
 * final `.`, is retryable, and a 5xx reply is permanent. A timeout or disconnect after the
 * final `.` is unknown, because the server may have accepted the message.
 */
export function classifySmtpError(error: unknown): SendOutcome {
  if (error instanceof SmtpReplyError) {
    return classifyReply(error);
  }
  const isTransportFailure =
    error instanceof SmtpConnectionError ||
    error instanceof SmtpTimeoutError ||
    error instanceof SmtpProtocolError;
  if (isTransportFailure) {
    return error.stage === "end-of-data"
      ? { kind: "unknown", reason: `${error.message}, so the server may have accepted the message` }
      : { kind: "retryable", reason: error.message };
  }
  if (error instanceof SmtpError) {
    // Missing server extensions and invalid arguments: a retry would fail the same way.
    return { kind: "permanent", reason: error.message };
  }
  // Not an error the client raises, so nothing proves the message was not accepted.
  return { kind: "unknown", reason: `SMTP send failed unexpectedly: ${describe(error)}` };
}

function classifyReply(error: SmtpReplyError): SendOutcome {
  const { code } = error.reply;
  if (code >= 400 && code < 500) {
    return { kind: "retryable", reason: error.message };
  }
  if (code >= 500) {
    return { kind: "permanent", reason: error.message };
  }
  // A 2xx or 3xx where another code was expected: the server is out of step with the client.
  const kind = error.stage === "end-of-data" ? "unknown" : "retryable";
  return { kind, reason: error.message };
}
