import type { RenderedEmail, SendOutcome } from "@herald/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNodeSocketConnector } from "../email/node-socket.ts";
import { outgoingEmail } from "../email/test-support/fixtures.ts";
import { createHttpClient } from "../http/http-client.ts";
import { freePort } from "../test-support/free-port.ts";
import { startSilentServer } from "../test-support/silent-server.ts";
import { type ResendSenderConfig, createResendSender } from "./resend-sender.ts";
import { type ResendPeer, startResendPeer } from "./test-support/resend-peer.ts";

const API_KEY = "re_test_4f9c2b";
const http = createHttpClient(fetch, createNodeSocketConnector());
let peer: ResendPeer;

beforeEach(async () => {
  peer = await startResendPeer(API_KEY);
});

afterEach(async () => {
  await peer.close();
});

function sender(overrides: Partial<ResendSenderConfig> = {}) {
  const config = { apiKey: API_KEY, baseUrl: peer.url, timeoutMs: 2_000, repeatDelayMs: 50 };
  return createResendSender({ ...config, ...overrides }, http);
}

async function send(overrides: Partial<RenderedEmail> = {}, messageId = "msg_01JABCDEF") {
  return sender().send(outgoingEmail(overrides, messageId));
}

function reasonOf(outcome: SendOutcome): string {
  return outcome.kind === "sent" ? "" : outcome.reason;
}

describe("Resend sender", () => {
  it("sends the documented body and returns the email id", async () => {
    const outcome = await send({ replyTo: { address: "help@example.com" } });

    expect(outcome).toEqual({ kind: "sent", providerMessageId: peer.received[0]?.id });
    const [email] = peer.received;
    expect(email?.from).toBe("Herald Team <sender@example.com>");
    expect(email?.to).toEqual(["Jane Doe <jane@example.com>"]);
    expect(email?.subject).toBe("Reset your password");
    expect(email?.text).toBe("Hello Jane,\nopen https://example.com/reset?token=abc&uid=42\n");
    expect(email?.html).toContain('<a href="https://example.com/reset">Reset</a>');
    expect(email?.replyTo).toBe("help@example.com");
  });

  it("uses the message id as the idempotency key", async () => {
    await send({}, "msg_key_42");

    expect(peer.received[0]?.idempotencyKey).toBe("msg_key_42");
  });

  it("quotes a sender name with a comma", async () => {
    await send({ from: { address: "sender@example.com", name: "Doe, Sam" } });

    expect(peer.received[0]?.from).toBe('"Doe, Sam" <sender@example.com>');
  });

  it("keeps a subject with CR/LF on one line", async () => {
    await send({ subject: "Hi\r\nBcc: attacker@example.net" });

    expect(peer.received[0]?.subject).toBe("Hi Bcc: attacker@example.net");
  });

  it("rejects an address with CR/LF before sending", async () => {
    const outcome = await send({ to: { address: "user@example.com\r\nX-Injected: yes" } });

    expect(outcome.kind).toBe("permanent");
    expect(reasonOf(outcome)).toContain("to:");
    expect(peer.requests()).toBe(0);
  });

  it("sends a non-ASCII subject unchanged", async () => {
    await send({ subject: "Partir Aux Amériques" });

    expect(peer.received[0]?.subject).toBe("Partir Aux Amériques");
    expect(peer.received[0]?.subject).not.toContain("\uFFFD");
  });

  it("sends an international domain in its ASCII form", async () => {
    await send({ to: { address: "jane@bücher.example", name: "" } });

    expect(peer.received[0]?.to).toEqual(["jane@xn--bcher-kva.example"]);
  });

  it("retries after 429 with the server's Retry-After", async () => {
    peer.scripts.plan("jane@example.com", [
      { status: 429, headers: { "retry-after": "7" }, body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests." } },
    ]);

    const first = await send();
    const second = await send();

    expect(first).toEqual({
      kind: "retryable",
      reason: "Resend 429 rate_limit_exceeded: Too many requests.",
      retryAfterSeconds: 7,
    });
    expect(second.kind).toBe("sent");
    expect(peer.received).toHaveLength(1);
  });

  it("retries a server error", async () => {
    peer.scripts.plan("jane@example.com", [{ status: 503, body: { statusCode: 503, name: "application_error", message: "Unavailable" } }]);

    const outcome = await send();

    expect(outcome.kind).toBe("retryable");
  });

  it("fails permanently on a validation error", async () => {
    peer.scripts.plan("jane@example.com", [
      { status: 422, body: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." } },
    ]);

    const outcome = await send();

    expect(outcome).toEqual({ kind: "permanent", reason: "Resend 422 validation_error: Invalid `to` field." });
  });

  it("fails permanently with a wrong API key", async () => {
    const outcome = await sender({ apiKey: "re_wrong" }).send(outgoingEmail());

    expect(outcome.kind).toBe("permanent");
    expect(reasonOf(outcome)).toContain("invalid_api_key");
    expect(reasonOf(outcome)).not.toContain("re_wrong");
  });

  it("repeats a timed-out request and sends once", async () => {
    peer.scripts.plan("jane@example.com", [{ stallMs: 300 }]);

    const outcome = await sender({ timeoutMs: 200, repeatDelayMs: 200 }).send(outgoingEmail());

    expect(outcome).toEqual({ kind: "sent", providerMessageId: peer.received[0]?.id });
    expect(peer.requests()).toBe(2);
    expect(peer.received).toHaveLength(1);
  });

  it("reports unknown when no response ever comes", async () => {
    const silent = await startSilentServer();

    const outcome = await sender({ baseUrl: silent.url, timeoutMs: 200, repeatDelayMs: 0 }).send(outgoingEmail());
    await silent.close();

    expect(outcome.kind).toBe("unknown");
    expect(reasonOf(outcome)).toContain("may have accepted");
    expect(silent.connections()).toBeGreaterThanOrEqual(2);
  });

  it("retries when the repeat finds the first request running", async () => {
    peer.scripts.plan("jane@example.com", [{ stallMs: 1_000 }]);

    const outcome = await sender({ timeoutMs: 200, repeatDelayMs: 0 }).send(outgoingEmail());

    expect(outcome.kind).toBe("retryable");
    expect(reasonOf(outcome)).toContain("concurrent_idempotent_requests");
    expect(peer.received).toHaveLength(1);
  });

  it("sends once when a timed-out message is sent again", async () => {
    peer.scripts.plan("jane@example.com", [{ stallMs: 500 }]);
    const first = await sender({ timeoutMs: 100, repeatDelayMs: 0 }).send(outgoingEmail());
    await new Promise((resolve) => setTimeout(resolve, 600));

    const second = await send();

    expect(first.kind).not.toBe("sent");
    expect(second).toEqual({ kind: "sent", providerMessageId: peer.received[0]?.id });
    expect(peer.received).toHaveLength(1);
  });

  it("retries while the first request with the key is running", async () => {
    peer.scripts.plan("jane@example.com", [{ stallMs: 400 }]);
    const first = sender({ timeoutMs: 1_000 }).send(outgoingEmail());
    await new Promise((resolve) => setTimeout(resolve, 100));

    const second = await send();

    expect(second.kind).toBe("retryable");
    expect(reasonOf(second)).toContain("concurrent_idempotent_requests");
    expect((await first).kind).toBe("sent");
  });

  it("retries when the connection is refused", async () => {
    const outcome = await sender({ baseUrl: `http://127.0.0.1:${await freePort()}` }).send(outgoingEmail());

    expect(outcome.kind).toBe("retryable");
    expect(reasonOf(outcome)).toContain("could not connect");
  });
});
