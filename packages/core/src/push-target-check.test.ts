import { describe, expect, it } from "vitest";
import type { Surface } from "./model.ts";
import { checkPushTarget } from "./push-target-check.ts";
import type { PushTarget } from "./sending.ts";

const keys = { p256dh: `B${"A".repeat(86)}`, auth: "A".repeat(22) };
const web: PushTarget = { kind: "web", subscription: { endpoint: "https://push.example.net/s/1", keys } };
const token: PushTarget = { kind: "token", token: "device-1" };

function surface(provider: string, settings: Record<string, unknown> = {}): Surface {
  const now = "2026-01-01T00:00:00.000Z";
  return { id: "srf_1", sandboxId: "sbx_1", channel: "push", name: "Push", provider, settings, createdAt: now, updatedAt: now };
}

function withSubscription(change: Partial<{ endpoint: string; p256dh: string; auth: string }>): PushTarget {
  return {
    kind: "web",
    subscription: {
      endpoint: change.endpoint ?? "https://push.example.net/s/1",
      keys: { p256dh: change.p256dh ?? keys.p256dh, auth: change.auth ?? keys.auth },
    },
  };
}

describe("checkPushTarget", () => {
  it("accepts a subscription for web-push", () => {
    expect(checkPushTarget(web, surface("web-push"))).toBeUndefined();
  });

  it("accepts a device token for fcm", () => {
    expect(checkPushTarget(token, surface("fcm"))).toBeUndefined();
  });

  it("accepts either for the outbox", () => {
    expect(checkPushTarget(withSubscription({ p256dh: "x" }), surface("outbox"))).toBeUndefined();
    expect(checkPushTarget(token, surface("outbox"))).toBeUndefined();
  });

  it("rejects a device token for web-push", () => {
    expect(checkPushTarget(token, surface("web-push"))?.path).toBe("channelData.pushInfo");
  });

  it("rejects a subscription for fcm", () => {
    expect(checkPushTarget(web, surface("fcm"))?.path).toBe("channelData.pushSubscription");
  });

  it("rejects an http endpoint", () => {
    const problem = checkPushTarget(withSubscription({ endpoint: "http://push.example.net/s/1" }), surface("web-push"));
    expect(problem?.path).toBe("channelData.pushSubscription.endpoint");
  });

  it("accepts an http endpoint when the surface allows it", () => {
    const target = withSubscription({ endpoint: "http://127.0.0.1:9/s/1" });
    expect(checkPushTarget(target, surface("web-push", { webPush: { allowInsecureEndpoints: true } }))).toBeUndefined();
  });

  it("rejects a p256dh key that is not a P-256 point", () => {
    const problem = checkPushTarget(withSubscription({ p256dh: "BAAA" }), surface("web-push"));
    expect(problem?.path).toBe("channelData.pushSubscription.keys.p256dh");
  });

  it("rejects an auth secret of the wrong length", () => {
    const problem = checkPushTarget(withSubscription({ auth: "AAAA" }), surface("web-push"));
    expect(problem?.path).toBe("channelData.pushSubscription.keys.auth");
  });
});
