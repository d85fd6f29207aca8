import { createECDH, randomBytes, randomUUID } from "node:crypto";
import {
  type HttpPeer,
  type PeerReply,
  type PeerRequest,
  PeerScripts,
  acceptedReply,
  startHttpPeer,
  stepReply,
} from "../../test-support/http-peer.ts";
import { decryptAes128gcm, verifyVapidAuthorization } from "./push-decrypt.ts";

export interface TestSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface ReceivedPush {
  endpoint: string;
  ttl: number;
  urgency: string | null;
  vapidSubject: string;
  /** The decrypted payload, as text. */
  payload: string;
}

export interface PushService extends HttpPeer {
  received: ReceivedPush[];
  scripts: PeerScripts;
  /** Creates a subscription as a browser would, bound to this application server key. */
  subscribe(applicationServerKey: string): TestSubscription;
  /** Makes the push service return 410 Gone for this endpoint from now on. */
  expire(endpoint: string): void;
}

interface SubscriptionState {
  privateKey: Buffer;
  auth: Buffer;
  applicationServerKey: string;
  expired: boolean;
}

const URGENCIES = new Set(["very-low", "low", "normal", "high"]);
const MAX_BODY_BYTES = 4096;

/**
 * Starts a Web Push service (RFC 8030) on loopback. For each push it checks the TTL and Urgency
 * headers, verifies the VAPID token (RFC 8292) against the subscription's application server
 * key, and decrypts the body with the subscription's private key (RFC 8291), and returns 201 with
 * a `Location`. Planned steps are keyed by endpoint.
 */
export async function startPushService(): Promise<PushService> {
  const scripts = new PeerScripts();
  const received: ReceivedPush[] = [];
  const subscriptions = new Map<string, SubscriptionState>();
  let origin = "";

  const subscribe = (applicationServerKey: string): TestSubscription => {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    const endpoint = `${origin}/push/${randomUUID()}`;
    const auth = randomBytes(16);
    subscriptions.set(endpoint, { privateKey: ecdh.getPrivateKey(), auth, applicationServerKey, expired: false });
    return { endpoint, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") } };
  };

  const handle = (request: PeerRequest): PeerReply => {
    if (request.url.pathname === "/_peer/subscriptions" && request.method === "POST") {
      const { applicationServerKey } = JSON.parse(request.body.toString("utf8")) as { applicationServerKey: string };
      return { status: 201, body: subscribe(applicationServerKey) };
    }
    const endpoint = `${origin}${request.url.pathname}`;
    const subscription = subscriptions.get(endpoint);
    if (request.method !== "POST" || subscription === undefined) {
      return { status: 404, body: "no such subscription" };
    }
    if (subscription.expired) {
      return { status: 410, body: "subscription expired" };
    }
    return push(request, endpoint, subscription);
  };

  const push = (request: PeerRequest, endpoint: string, subscription: SubscriptionState): PeerReply => {
    const problem = headerProblem(request);
    if (problem) {
      return { status: 400, body: problem };
    }
    let subject: string;
    try {
      subject = checkVapid(request.headers.authorization, origin, subscription.applicationServerKey);
    } catch (error) {
      const status = error instanceof KeyMismatchError ? 403 : 401;
      return { status, body: (error as Error).message };
    }
    if (request.body.length > MAX_BODY_BYTES) {
      return { status: 413, body: `payload of ${request.body.length} bytes is over ${MAX_BODY_BYTES}` };
    }
    let payload: string;
    try {
      payload = decryptAes128gcm(request.body, subscription.privateKey, subscription.auth).toString("utf8");
    } catch (error) {
      return { status: 400, body: `cannot decrypt: ${(error as Error).message}` };
    }
    const step = scripts.next(endpoint);
    const planned = step && stepReply(step);
    if (planned) {
      return planned;
    }
    scripts.accepted(endpoint);
    received.push({
      endpoint,
      ttl: Number(request.headers.ttl),
      urgency: typeof request.headers.urgency === "string" ? request.headers.urgency : null,
      vapidSubject: subject,
      payload,
    });
    const reply = { status: 201, headers: { location: `${origin}/messages/${randomUUID()}` } };
    return acceptedReply(step, reply);
  };

  const peer = await startHttpPeer({ handle, scripts, received: () => received, reset: () => (received.length = 0) });
  origin = peer.url;
  return Object.assign(peer, {
    received,
    scripts,
    subscribe,
    expire(endpoint: string) {
      const subscription = subscriptions.get(endpoint);
      if (subscription) {
        subscription.expired = true;
      }
    },
  });
}

function headerProblem(request: PeerRequest): string | undefined {
  if (!/^\d+$/.test(String(request.headers.ttl ?? ""))) {
    return "TTL header is missing or not a number of seconds";
  }
  const urgency = request.headers.urgency;
  if (urgency !== undefined && !URGENCIES.has(String(urgency))) {
    return `Urgency ${urgency} is not very-low, low, normal or high`;
  }
  if (request.headers["content-encoding"] !== "aes128gcm") {
    return "Content-Encoding must be aes128gcm";
  }
  return undefined;
}

/** RFC 8292, section 4.2: a token signed with another key than the subscription's gets 403. */
class KeyMismatchError extends Error {}

/** Verifies the VAPID token and returns its `sub`; throws with the reason otherwise. */
function checkVapid(authorization: string | undefined, origin: string, applicationServerKey: string): string {
  const token = verifyVapidAuthorization(authorization);
  if (token.header.alg !== "ES256") {
    throw new Error(`VAPID alg is ${String(token.header.alg)}, not ES256`);
  }
  if (token.publicKey !== applicationServerKey) {
    throw new KeyMismatchError("VAPID key is not the key the subscription was created with");
  }
  if (token.claims.aud !== origin) {
    throw new Error(`VAPID aud ${String(token.claims.aud)} is not ${origin}`);
  }
  const now = Date.now() / 1000;
  const exp = Number(token.claims.exp);
  if (!(exp > now && exp <= now + 24 * 60 * 60)) {
    throw new Error("VAPID exp must be in the future and at most 24 hours away");
  }
  const subject = String(token.claims.sub ?? "");
  if (!/^(mailto:|https:)/.test(subject)) {
    throw new Error("VAPID sub must be a mailto: or https: URL");
  }
  return subject;
}
