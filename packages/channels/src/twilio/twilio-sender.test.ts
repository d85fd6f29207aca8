import type { OutgoingMessage, RenderedSms, SendOutcome } from "@herald/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNodeSocketConnector } from "../email/node-socket.ts";
import { createHttpClient } from "../http/http-client.ts";
import { freePort } from "../test-support/free-port.ts";
import { type TwilioPeer, startTwilioPeer } from "./test-support/twilio-peer.ts";
import { type TwilioSenderConfig, createTwilioSender } from "./twilio-sender.ts";

const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
const AUTH_TOKEN = "twilio-token-7d1e";
const http = createHttpClient(fetch, createNodeSocketConnector());
let peer: TwilioPeer;

beforeEach(async () => {
  peer = await startTwilioPeer(ACCOUNT_SID, AUTH_TOKEN);
});

afterEach(async () => {
  await peer.close();
});

function sms(overrides: Partial<RenderedSms> = {}): OutgoingMessage {
  return {
    messageId: "msg_sms_1",
    rendered: {
      channel: "sms",
      from: "+15005550006",
      to: "+15555550100",
      body: "Your code is 1234",
      encoding: "GSM-7",
      segments: 1,
      ...overrides,
    },
  };
}

function sender(overrides: Partial<TwilioSenderConfig> = {}) {
  const config = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: peer.url, timeoutMs: 2_000 };
  return createTwilioSender({ ...config, ...overrides }, http);
}

function reasonOf(outcome: SendOutcome): string {
  return outcome.kind === "sent" ? "" : outcome.reason;
}

function twilioError(status: number, code: number, message: string, headers?: Record<string, string>) {
  return { status, headers, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

describe("Twilio sender", () => {
  it("sends To, From and Body and returns the message SID", async () => {
    const outcome = await sender().send(sms());

    const [message] = peer.received;
    expect(outcome).toEqual({ kind: "sent", providerMessageId: message?.sid });
    expect(message?.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message?.to).toBe("+15555550100");
    expect(message?.from).toBe("+15005550006");
    expect(message?.body).toBe("Your code is 1234");
  });

  it("sends a body with an emoji unchanged", async () => {
    const body = `this is a ${"]".repeat(74)}😘`;

    await sender().send(sms({ body, encoding: "UCS-2", segments: 2 }));

    expect(peer.received[0]?.body).toBe(body);
  });

  it("sends through a messaging service when one is set", async () => {
    await sender({ messagingServiceSid: "MG0123456789abcdef0123456789abcdef" }).send(sms());

    expect(peer.received[0]?.messagingServiceSid).toBe("MG0123456789abcdef0123456789abcdef");
    expect(peer.received[0]?.from).toBeNull();
  });

  it("fails permanently on an invalid number", async () => {
    const outcome = await sender().send(sms({ to: "+1555" }));

    expect(outcome).toEqual({
      kind: "permanent",
      reason: "Twilio 400 error 21211: The 'To' number +1555 is not a valid phone number.",
    });
  });

  it("fails permanently on a number that cannot take SMS", async () => {
    peer.scripts.plan("+15555550100", [twilioError(400, 21614, "'To' number is not a valid mobile number")]);

    const outcome = await sender().send(sms());

    expect(outcome.kind).toBe("permanent");
    expect(reasonOf(outcome)).toContain("21614");
  });

  it("retries after 429 with the server's Retry-After", async () => {
    peer.scripts.plan("+15555550100", [twilioError(429, 20429, "Too Many Requests", { "retry-after": "3" })]);

    const first = await sender().send(sms());
    const second = await sender().send(sms());

    expect(first).toEqual({ kind: "retryable", reason: "Twilio 429 error 20429: Too Many Requests", retryAfterSeconds: 3 });
    expect(second.kind).toBe("sent");
    expect(peer.received).toHaveLength(1);
  });

  it("retries a server error", async () => {
    peer.scripts.plan("+15555550100", [twilioError(503, 20503, "Service Unavailable")]);

    const outcome = await sender().send(sms());

    expect(outcome.kind).toBe("retryable");
  });

  it("fails permanently with a wrong auth token", async () => {
    const outcome = await sender({ authToken: "wrong-token" }).send(sms());

    expect(outcome).toEqual({ kind: "permanent", reason: "Twilio 401 error 20003: Authenticate" });
    expect(reasonOf(outcome)).not.toContain("wrong-token");
  });

  it("reports a timeout after the request as unknown", async () => {
    peer.scripts.plan("+15555550100", [{ stallMs: 1_000 }]);

    const outcome = await sender({ timeoutMs: 200 }).send(sms());

    expect(outcome.kind).toBe("unknown");
    expect(peer.received).toHaveLength(1);
  });

  it("reports a dropped connection as unknown", async () => {
    peer.scripts.plan("+15555550100", [{ drop: true }]);

    const outcome = await sender().send(sms());

    expect(outcome.kind).toBe("unknown");
    expect(reasonOf(outcome)).toContain("failed during the request");
    expect(peer.received).toHaveLength(1);
  });

  it("retries when the connection is refused", async () => {
    const outcome = await sender({ baseUrl: `http://127.0.0.1:${await freePort()}` }).send(sms());

    expect(outcome.kind).toBe("retryable");
  });
});
