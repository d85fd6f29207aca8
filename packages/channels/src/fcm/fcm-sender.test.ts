import type { OutgoingMessage, RenderedPush, SendOutcome } from "@herald/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNodeSocketConnector } from "../email/node-socket.ts";
import { createHttpClient } from "../http/http-client.ts";
import { freePort } from "../test-support/free-port.ts";
import type { TokenCache } from "./access-token.ts";
import { type FcmSenderConfig, createFcmSender } from "./fcm-sender.ts";
import { parseServiceAccount } from "./service-account.ts";
import { type FcmPeer, fcmError, startFcmPeer } from "./test-support/fcm-peer.ts";

const http = createHttpClient(fetch, createNodeSocketConnector());
const DEVICE = "fcm-device-token-1";
let peer: FcmPeer;
let cache: TokenCache;

beforeEach(async () => {
  peer = await startFcmPeer();
  cache = new Map();
});

afterEach(async () => {
  await peer.close();
});

function push(overrides: Partial<RenderedPush> = {}): OutgoingMessage {
  return {
    messageId: "msg_fcm_1",
    rendered: {
      channel: "push",
      to: { kind: "token", token: DEVICE, platform: "android" },
      title: "Order shipped",
      body: "Your order A-1001 is on its way",
      deepLink: "https://example.com/orders/A-1001",
      data: { orderId: "A-1001" },
      ...overrides,
    },
  };
}

function sender(overrides: Partial<FcmSenderConfig> = {}) {
  const config = {
    serviceAccount: parseServiceAccount(peer.serviceAccountJson),
    baseUrl: peer.url,
    timeoutMs: 2_000,
    tokenCache: cache,
  };
  return createFcmSender({ ...config, ...overrides }, http);
}

function reasonOf(outcome: SendOutcome): string {
  return outcome.kind === "sent" ? "" : outcome.reason;
}

describe("FCM sender", () => {
  it("sends the notification and returns the message name", async () => {
    const outcome = await sender().send(push());

    const [message] = peer.received;
    expect(outcome).toEqual({ kind: "sent", providerMessageId: message?.name });
    expect(message?.name).toMatch(/^projects\/herald-test\/messages\//);
    expect(message?.token).toBe(DEVICE);
    expect(message?.notification).toEqual({ title: "Order shipped", body: "Your order A-1001 is on its way" });
    expect(message?.data).toEqual({ orderId: "A-1001", link: "https://example.com/orders/A-1001" });
  });

  it("reuses the access token across sends", async () => {
    const fcm = sender();

    await fcm.send(push());
    await fcm.send(push());

    expect(peer.tokensIssued()).toBe(1);
    expect(peer.received).toHaveLength(2);
  });

  it("fetches a new token after a 401", async () => {
    const fcm = sender();
    await fcm.send(push());
    peer.revokeTokens();

    const rejected = await fcm.send(push());
    const retried = await fcm.send(push());

    expect(rejected.kind).toBe("retryable");
    expect(retried.kind).toBe("sent");
    expect(peer.tokensIssued()).toBe(2);
  });

  it("marks the device token gone on UNREGISTERED", async () => {
    peer.scripts.plan(DEVICE, [fcmError(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED")]);

    const outcome = await sender().send(push());

    expect(outcome).toEqual({
      kind: "permanent",
      reason: "device token is gone: FCM 404 UNREGISTERED: Requested entity was not found.",
      gone: true,
    });
  });

  it("fails permanently on INVALID_ARGUMENT", async () => {
    peer.scripts.plan(DEVICE, [fcmError(400, "INVALID_ARGUMENT", "The registration token is not valid", "INVALID_ARGUMENT")]);

    const outcome = await sender().send(push());

    expect(outcome.kind).toBe("permanent");
    expect(outcome.kind === "permanent" && outcome.gone).toBeFalsy();
  });

  it("retries QUOTA_EXCEEDED with the server's Retry-After", async () => {
    const throttled = fcmError(429, "RESOURCE_EXHAUSTED", "Quota exceeded", "QUOTA_EXCEEDED");
    peer.scripts.plan(DEVICE, [{ ...throttled, headers: { "retry-after": "30" } }]);

    const first = await sender().send(push());
    const second = await sender().send(push());

    expect(first).toEqual({
      kind: "retryable",
      reason: "FCM 429 QUOTA_EXCEEDED: Quota exceeded",
      retryAfterSeconds: 30,
    });
    expect(second.kind).toBe("sent");
  });

  it("retries UNAVAILABLE", async () => {
    peer.scripts.plan(DEVICE, [fcmError(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE")]);

    const outcome = await sender().send(push());

    expect(outcome.kind).toBe("retryable");
  });

  it("fails permanently when the token endpoint rejects the key", async () => {
    const account = parseServiceAccount(peer.serviceAccountJson);
    const other = await startFcmPeer();
    const foreignKey = parseServiceAccount(other.serviceAccountJson).privateKeyPem;
    await other.close();

    const outcome = await sender({ serviceAccount: { ...account, privateKeyPem: foreignKey } }).send(push());

    expect(outcome.kind).toBe("permanent");
    expect(reasonOf(outcome)).toContain("invalid_grant");
    expect(peer.received).toHaveLength(0);
  });

  it("retries when the token endpoint is unreachable", async () => {
    const outcome = await sender({ tokenUrl: `http://127.0.0.1:${await freePort()}/token` }).send(push());

    expect(outcome.kind).toBe("retryable");
    expect(reasonOf(outcome)).toContain("no FCM access token");
  });

  it("reports a timeout after the request as unknown", async () => {
    await sender().send(push());
    peer.scripts.plan(DEVICE, [{ stallMs: 1_000 }]);

    const outcome = await sender({ timeoutMs: 200 }).send(push());

    expect(outcome.kind).toBe("unknown");
  });

  it("rejects a 5,000-character body before sending", async () => {
    const outcome = await sender().send(push({ body: "a".repeat(5_000) }));

    expect(outcome.kind).toBe("permanent");
    expect(reasonOf(outcome)).toMatch(/^push payload is 5\d{3} bytes, over FCM's 4096-byte limit$/);
    expect(peer.tokensIssued()).toBe(0);
  });

  it("rejects a Web Push subscription", async () => {
    const message = push();
    const subscription = { endpoint: "https://push.example.net/x", keys: { p256dh: "a", auth: "b" } };

    const outcome = await sender().send({
      ...message,
      rendered: { ...(message.rendered as RenderedPush), to: { kind: "web", subscription } },
    });

    expect(outcome.kind).toBe("permanent");
  });
});
