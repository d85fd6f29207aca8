import type { Surface } from "./model.ts";
import type { PushTarget } from "./sending.ts";

// base64url of a 65-byte uncompressed P-256 point, whose first byte 0x04 encodes as "B".
const P256DH = /^B[A-Za-z0-9_-]{86}=?$/;
// base64url of 16 bytes.
const AUTH_SECRET = /^[A-Za-z0-9_-]{22}(==)?$/;

/** A problem with a push target, by the `channelData` field it concerns. */
export interface PushTargetProblem {
  path: string;
  message: string;
}

/**
 * Checks a push target against the surface's provider: Web Push sends only to subscriptions
 * with an https endpoint (http too when the surface allows insecure endpoints) and well-formed
 * keys, and FCM only to device tokens. The outbox takes either, as it is.
 */
export function checkPushTarget(target: PushTarget, surface: Surface): PushTargetProblem | undefined {
  if (target.kind === "token") {
    return surface.provider === "web-push"
      ? { path: "channelData.pushInfo", message: "cannot be sent by a web-push surface; send channelData.pushSubscription" }
      : undefined;
  }
  if (surface.provider === "fcm") {
    return { path: "channelData.pushSubscription", message: "cannot be sent by an fcm surface; send channelData.pushInfo with a device token" };
  }
  if (surface.provider !== "web-push") {
    return undefined;
  }
  const { endpoint, keys } = target.subscription;
  const webPush = surface.settings.webPush as { allowInsecureEndpoints?: boolean } | undefined;
  const protocol = new URL(endpoint).protocol;
  if (protocol !== "https:" && !(protocol === "http:" && webPush?.allowInsecureEndpoints === true)) {
    return { path: "channelData.pushSubscription.endpoint", message: "must be an https URL, as push services issue them" };
  }
  if (!P256DH.test(keys.p256dh)) {
    return {
      path: "channelData.pushSubscription.keys.p256dh",
      message: "must be the base64url P-256 public key of the subscription (87 characters starting with B)",
    };
  }
  if (!AUTH_SECRET.test(keys.auth)) {
    return { path: "channelData.pushSubscription.keys.auth", message: "must be the base64url 16-byte auth secret of the subscription (22 characters)" };
  }
  return undefined;
}
