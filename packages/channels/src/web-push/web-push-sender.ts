import { type OutgoingMessage, type SendOutcome, type Sender, buildPushPayload } from "@herald/core";
import { type Bytes, utf8 } from "../http/base64url.ts";
import type { HttpClient } from "../http/http-client.ts";
import { classifyStatus, shortReason, transportOutcome } from "../http/http-outcome.ts";
import { InvalidSubscriptionError, MAX_PLAINTEXT_BYTES, encryptAes128gcm } from "./aes128gcm.ts";
import {
  InvalidVapidKeyError,
  VAPID_TOKEN_LIFETIME_SECONDS,
  type VapidKeys,
  importVapidKey,
  vapidAuthorization,
} from "./vapid.ts";

export type Urgency = "very-low" | "low" | "normal" | "high";

export interface WebPushSenderConfig {
  vapid: VapidKeys;
  /** Contact for push service operators: a `mailto:` or `https:` URL. */
  subject: string;
  /** How long the push service keeps an undelivered message, by default 86,400 s (one day). */
  ttlSeconds?: number;
  urgency?: Urgency;
  /** Maximum time in ms for one push request, by default 10,000. */
  timeoutMs?: number;
  /** Allows `http:` endpoints, for local push services in tests; real ones use `https:`. */
  allowInsecureEndpoints?: boolean;
  now?: () => Date;
}

/**
 * Creates a Sender for Web Push subscriptions: the payload is encrypted with RFC 8291's
 * `aes128gcm`, signed for with a VAPID token (RFC 8292) and posted to the subscription's endpoint
 * (RFC 8030). A 404 or 410 response means the subscription is gone, a permanent outcome with
 * `gone` set, so the caller can stop using it.
 *
 * @example
 * const sender = createWebPushSender({ vapid: { publicKey, privateKey }, subject: "mailto:ops@example.com" }, http);
 * const outcome = await sender.send({ messageId: "msg_123", rendered });
 */
export function createWebPushSender(config: WebPushSenderConfig, http: HttpClient): Sender {
  let signingKey: Promise<CryptoKey> | undefined;
  const now = config.now ?? (() => new Date());

  const authorize = async (url: URL): Promise<string | SendOutcome> => {
    signingKey ??= importVapidKey(config.vapid);
    let key: CryptoKey;
    try {
      key = await signingKey;
    } catch (error) {
      if (error instanceof InvalidVapidKeyError) {
        return { kind: "permanent", reason: `invalid VAPID keys on the surface: ${error.message}` };
      }
      throw error;
    }
    return vapidAuthorization(key, config.vapid.publicKey, {
      audience: url.origin,
      subject: config.subject,
      expiresAt: new Date(now().getTime() + VAPID_TOKEN_LIFETIME_SECONDS * 1000),
    });
  };

  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const prepared = await preparePush(message, config.allowInsecureEndpoints === true);
      if ("kind" in prepared) {
        return prepared;
      }
      const authorization = await authorize(prepared.url);
      if (typeof authorization !== "string") {
        return authorization;
      }

      const result = await http.send({
        url: prepared.url.href,
        method: "POST",
        headers: {
          authorization,
          ttl: String(config.ttlSeconds ?? 86_400),
          urgency: config.urgency ?? "normal",
          "content-encoding": "aes128gcm",
          "content-type": "application/octet-stream",
        },
        body: prepared.body,
        timeoutMs: config.timeoutMs ?? 10_000,
      });
      if (result.kind !== "response") {
        return transportOutcome(result);
      }
      return classifyPushServiceResponse(result.status, result.headers, result.body, message.messageId);
    },
  };
}

/**
 * Checks the target and the payload size and encrypts the payload, or returns the permanent
 * outcome that stops the send.
 */
async function preparePush(message: OutgoingMessage, allowInsecure: boolean): Promise<{ url: URL; body: Bytes } | SendOutcome> {
  const { rendered } = message;
  if (rendered.channel !== "push" || rendered.to.kind !== "web") {
    return { kind: "permanent", reason: "the Web Push provider sends only to Web Push subscriptions" };
  }
  const { endpoint, keys } = rendered.to.subscription;
  const url = endpointUrl(endpoint, allowInsecure);
  if (typeof url === "string") {
    return { kind: "permanent", reason: url };
  }
  const plaintext = utf8(JSON.stringify(buildPushPayload(rendered)));
  if (plaintext.length > MAX_PLAINTEXT_BYTES) {
    return {
      kind: "permanent",
      reason: `push payload is ${plaintext.length} bytes, over the ${MAX_PLAINTEXT_BYTES}-byte limit of one Web Push record`,
    };
  }
  try {
    return { url, body: await encryptAes128gcm(plaintext, keys) };
  } catch (error) {
    if (error instanceof InvalidSubscriptionError) {
      return { kind: "permanent", reason: error.message };
    }
    throw error;
  }
}

function endpointUrl(endpoint: string, allowInsecure: boolean): URL | string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "push subscription endpoint is not a URL";
  }
  if (url.protocol === "https:" || (allowInsecure && url.protocol === "http:")) {
    return url;
  }
  return `push subscription endpoint must use https, not ${url.protocol.replace(/:$/, "")}`;
}

/**
 * Maps a push service's response (RFC 8030, section 5): 201 is sent, with the message URL from
 * `Location` as its id; 404 and 410 mean the subscription is gone; 413 is a payload too large.
 */
export function classifyPushServiceResponse(
  status: number,
  headers: Headers,
  text: string,
  messageId: string,
): SendOutcome {
  if (status >= 200 && status < 300) {
    return { kind: "sent", providerMessageId: headers.get("location") ?? `webpush:${messageId}` };
  }
  const detail = text.trim() === "" ? "" : `: ${text}`;
  if (status === 404 || status === 410) {
    return {
      kind: "permanent",
      reason: shortReason(`push subscription is gone: the push service answered ${status}${detail}`),
      gone: true,
    };
  }
  return classifyStatus(status, `push service answered ${status}${detail}`, headers);
}
