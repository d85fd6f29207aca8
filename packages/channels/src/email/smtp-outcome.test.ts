import { describe, expect, it } from "vitest";
import {
  SmtpCapabilityError,
  SmtpConnectionError,
  SmtpProtocolError,
  SmtpReplyError,
  type SmtpStage,
  SmtpTimeoutError,
} from "./smtp-errors.ts";
import { classifySmtpError, extractQueueId } from "./smtp-outcome.ts";

function reply(stage: SmtpStage, code: number, text = "text") {
  return new SmtpReplyError(stage, { code, lines: [text], text });
}

describe("classifySmtpError", () => {
  it.each([
    ["a 421 greeting", reply("greeting", 421), "retryable"],
    ["a 454 to RCPT TO", reply("rcpt-to", 454), "retryable"],
    ["a 451 to the final dot", reply("end-of-data", 451), "retryable"],
    ["a 535 to AUTH", reply("auth", 535), "permanent"],
    ["a 550 to RCPT TO", reply("rcpt-to", 550), "permanent"],
    ["a 554 to the final dot", reply("end-of-data", 554), "permanent"],
    ["an unexpected 354 to MAIL FROM", reply("mail-from", 354), "retryable"],
    ["an unexpected 354 to the final dot", reply("end-of-data", 354), "unknown"],
    ["a refused connection", new SmtpConnectionError("connect", "refused"), "retryable"],
    ["a disconnect before DATA", new SmtpConnectionError("rcpt-to", "closed"), "retryable"],
    ["a disconnect after the dot", new SmtpConnectionError("end-of-data", "closed"), "unknown"],
    ["a timeout during DATA", new SmtpTimeoutError("data", "timed out"), "retryable"],
    ["a timeout after the final dot", new SmtpTimeoutError("end-of-data", "timed out"), "unknown"],
    ["a malformed reply after the dot", new SmtpProtocolError("end-of-data", "bad"), "unknown"],
    ["missing STARTTLS", new SmtpCapabilityError("starttls", "missing"), "permanent"],
    ["an error the client does not raise", new TypeError("bug"), "unknown"],
  ])("classifies %s", (_, error, kind) => {
    expect(classifySmtpError(error).kind).toBe(kind);
  });
});

describe("extractQueueId", () => {
  it.each([
    ["2.0.0 Ok: queued as 4Y8Z1K2mXz", "4Y8Z1K2mXz"],
    ["OK id=1tIu7X-000Abc-4h", "1tIu7X-000Abc-4h"],
    ["Ok 0100018c2f3a4b5c-1a2b3c4d-5e6f-000000", "0100018c2f3a4b5c-1a2b3c4d-5e6f-000000"],
    ["2.0.0 4B3ABcde012345 Message accepted for delivery", "4B3ABcde012345"],
  ])("reads %s", (text, id) => {
    expect(extractQueueId(text)).toBe(id);
  });

  it("returns nothing for a reply without an id", () => {
    expect(extractQueueId("OK: message queued")).toBeUndefined();
  });
});
