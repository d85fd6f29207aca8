import { type OutgoingMessage, type RenderedPush, type SendOutcome, buildPushPayload } from "@herald/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNodeSocketConnector } from "../email/node-socket.ts";
import { createHttpClient } from "../http/http-client.ts";
import { freePort } from "../test-support/free-port.ts";
import { type PushService, type TestSubscription, startPushService } from "./test-support/push-service.ts";
import { generateVapidKeys } from "./test-support/vapid-keys.ts";
import type { VapidKeys } from "./vapid.ts";
import { type WebPushSenderConfig, createWebPushSender } from "./web-push-sender.ts";

const http = createHttpClient(fetch, createNodeSocketConnector());
const vapid: VapidKeys = generateVapidKeys();
let service: PushService;
let subscription: TestSubscription;

beforeEach(async () => {
  service = await startPushService();
  subscription = service.subscribe(vapid.publicKey);
});

afterEach(async () => {
  await service.close();
});

function push(overrides: Partial<RenderedPush> = {}, target: TestSubscription = subscription): OutgoingMessage {
  return {
    messageId: "msg_push_1",
    rendered: {
      channel: "push",
      to: { kind: "web", subscription: target },
      title: "Order shipped",
      body: "Your order A-1001 is on its way",
      deepLink: "https://example.com/orders/A-1001",
      data: { orderId: "A-1001" },
      ...overrides,
    },
  };
}

function sender(overrides: Partial<WebPushSenderConfig> = {}) {
  const config = { vapid, subject: "mailto:ops@example.com", allowInsecureEndpoints: true, timeoutMs: 2_000 };
  return createWebPushSender({ ...config, ...overrides }, http);
}

function reasonOf(outcome: SendOutcome): string {
  return outcome.kind === "sent" ? "" : outcome.reason;
}

describe("Web Push sender", () => {
  it("delivers a payload the subscription's key decrypts", async () => {
    const message = push();

    const outcome = await sender().send(message);

    expect(outcome.kind).toBe("sent");
    const [received] = service.received;
    expect(received?.payload).toBe(JSON.stringify(buildPushPayload(message.rendered as RenderedPush)));
    expect(JSON.parse(received?.payload ?? "{}").notification.title).toBe("Order shipped");
  });

  it("returns the push service's message URL as the id", async () => {
    const outcome = await sender().send(push());

    expect(outcome.kind).toBe("sent");
    expect(outcome.kind === "sent" ? outcome.providerMessageId : "").toMatch(/\/messages\/[0-9a-f-]{36}$/);
  });

  it("sends TTL, Urgency and the VAPID subject", async () => {
    await sender({ ttlSeconds: 600, urgency: "high" }).send(push());

    expect(service.received[0]?.ttl).toBe(600);
    expect(service.received[0]?.urgency).toBe("high");
    expect(service.received[0]?.vapidSubject).toBe("mailto:ops@example.com");
  });

  it("marks the subscription gone on 410", async () => {
    service.expire(subscription.endpoint);

    const outcome = await sender().send(push());

    expect(outcome).toEqual({
      kind: "permanent",
      reason: "push subscription is gone: the push service answered 410: subscription expired",
      gone: true,
    });
  });

  it("marks the subscription gone on 404", async () => {
    const unknown = { ...subscription, endpoint: `${service.url}/push/unknown` };

    const outcome = await sender().send(push({}, unknown));

    expect(outcome.kind).toBe("permanent");
    expect(outcome.kind === "permanent" ? outcome.gone : undefined).toBe(true);
  });

  it("retries after 429 with the server's Retry-After", async () => {
    service.scripts.plan(subscription.endpoint, [{ status: 429, headers: { "retry-after": "9" } }]);

    const first = await sender().send(push());
    const second = await sender().send(push());

    expect(first).toEqual({ kind: "retryable", reason: "push service answered 429", retryAfterSeconds: 9 });
    expect(second.kind).toBe("sent");
    expect(service.received).toHaveLength(1);
  });

  it("retries a server error", async () => {
    service.scripts.plan(subscription.endpoint, [{ status: 502 }]);

    const outcome = await sender().send(push());

    expect(outcome.kind).toBe("retryable");
  });

  it("fails permanently when signed with another VAPID key", async () => {
    const outcome = await sender({ vapid: generateVapidKeys() }).send(push());

    expect(outcome.kind).toBe("permanent");
    expect(reasonOf(outcome)).toContain("403");
  });

  it("reports a timeout after the request as unknown", async () => {
    service.scripts.plan(subscription.endpoint, [{ stallMs: 1_000 }]);

    const outcome = await sender({ timeoutMs: 200 }).send(push());

    expect(outcome.kind).toBe("unknown");
    expect(service.received).toHaveLength(1);
  });

  it("retries when the connection is refused", async () => {
    const closed = { ...subscription, endpoint: `http://127.0.0.1:${await freePort()}/push/x` };

    const outcome = await sender().send(push({}, closed));

    expect(outcome.kind).toBe("retryable");
  });

  it("rejects a 5,000-character body before sending", async () => {
    const outcome = await sender().send(push({ body: "a".repeat(5_000) }));

    expect(outcome.kind).toBe("permanent");
    expect(reasonOf(outcome)).toMatch(/^push payload is 5\d{3} bytes, over the 3993-byte limit/);
    expect(service.received).toHaveLength(0);
  });

  it("sends a payload of exactly the record limit", async () => {
    const empty = JSON.stringify(buildPushPayload({ title: "", body: "" })).length;

    const outcome = await sender().send(push({ title: "", body: "a".repeat(3993 - empty), deepLink: undefined, data: undefined }));

    expect(outcome.kind).toBe("sent");
  });

  it("rejects an http endpoint unless allowed", async () => {
    const outcome = await sender({ allowInsecureEndpoints: false }).send(push());

    expect(outcome).toEqual({ kind: "permanent", reason: "push subscription endpoint must use https, not http" });
  });

  it("fails permanently with a malformed VAPID key", async () => {
    const outcome = await sender({ vapid: { publicKey: vapid.publicKey, privateKey: "AAAA" } }).send(push());

    expect(outcome.kind).toBe("permanent");
    expect(reasonOf(outcome)).toBe("invalid VAPID keys on the surface: VAPID private key must be 32 bytes");
    expect(service.received).toHaveLength(0);
  });

  it("rejects a device token", async () => {
    const message = push();
    const outcome = await sender().send({
      ...message,
      rendered: { ...(message.rendered as RenderedPush), to: { kind: "token", token: "abc" } },
    });

    expect(outcome.kind).toBe("permanent");
  });
});
