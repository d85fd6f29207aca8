import { type RateLimit, type RateLimitDecision, type RateLimiter, type WindowCount, countRequest } from "@herald/core";
import { DurableObject } from "cloudflare:workers";

const COUNT_KEY = "window";

/** Requests granted to an isolate in one call: the window's start, how many, and what is left after them. */
export interface Grant {
  windowStart: number;
  granted: number;
  decision: RateLimitDecision;
}

/**
 * Counts the requests of one API key. There is one object per key id, so its counts are
 * consistent across every isolate and location, and the object's storage keeps them when
 * the object is evicted between requests.
 */
export class ApiKeyRateLimiter extends DurableObject {
  hit(limit: RateLimit, nowMs: number): RateLimitDecision {
    return this.take(limit, nowMs, 1).decision;
  }

  /** Counts up to `requested` requests at once, as many as the current window has left. */
  take(limit: RateLimit, nowMs: number, requested: number): Grant {
    let current = this.ctx.storage.kv.get<WindowCount>(COUNT_KEY) ?? null;
    let granted = 0;
    let decision: RateLimitDecision | undefined;
    for (; granted < requested; granted += 1) {
      const counted = countRequest(current, limit, nowMs);
      if (!counted.decision.allowed) {
        decision ??= counted.decision;
        break;
      }
      current = counted.next;
      decision = counted.decision;
    }
    if (current !== null && granted > 0) {
      this.ctx.storage.kv.put(COUNT_KEY, current);
    }
    const windowMs = limit.windowSeconds * 1000;
    return { windowStart: Math.floor(nowMs / windowMs) * windowMs, granted, decision: decision as RateLimitDecision };
  }
}

/** Requests an isolate may still admit on its own, counted by the object in advance. */
interface Lease {
  windowStart: number;
  limit: number;
  windowSeconds: number;
  tokens: number;
  /** The window's remaining requests across every isolate when the lease was granted. */
  remainingElsewhere: number;
}

/** Leases per API key id, shared by the requests of this isolate. */
const leases = new Map<string, Lease>();

/** Calls to the object under way per API key id in this isolate. */
const takesInFlight = new Map<string, number>();

/** At most this many leased requests per key and isolate. */
const MAX_LEASE = 100;

/**
 * Returns how many requests one call to the object takes: a fiftieth of the limit, so a key
 * below 100 requests per window is counted one request at a time, exactly.
 */
export function leaseSize(limit: RateLimit): number {
  return Math.max(1, Math.min(MAX_LEASE, Math.floor(limit.limit / 50)));
}

function fromLease(lease: Lease, nowMs: number): RateLimitDecision {
  const windowMs = lease.windowSeconds * 1000;
  return {
    allowed: true,
    limit: lease.limit,
    remaining: lease.remainingElsewhere + lease.tokens,
    resetSeconds: Math.max(1, Math.ceil((lease.windowStart + windowMs - nowMs) / 1000)),
    windowSeconds: lease.windowSeconds,
  };
}

/**
 * Creates a rate limiter over the `RATE_LIMITER` Durable Object namespace. The object counts
 * requests in leases of `leaseSize(limit)`, and the isolate admits the leased requests without
 * calling the object again. A key is never admitted past its limit. Requests leased by an
 * isolate that stops getting traffic are lost for the rest of their window.
 */
export function durableRateLimiter(namespace: DurableObjectNamespace<ApiKeyRateLimiter>): RateLimiter {
  return {
    async hit(key, limit) {
      const nowMs = Date.now();
      const windowMs = limit.windowSeconds * 1000;
      const windowStart = Math.floor(nowMs / windowMs) * windowMs;
      const lease = leases.get(key);
      const usable =
        lease !== undefined &&
        lease.tokens > 0 &&
        lease.windowStart === windowStart &&
        lease.limit === limit.limit &&
        lease.windowSeconds === limit.windowSeconds;
      if (usable) {
        lease.tokens -= 1;
        return fromLease(lease, nowMs);
      }
      // While one lease is on its way, concurrent requests take one count each, so a burst
      // of requests cannot lease more than one lease past what it uses.
      const taking = takesInFlight.get(key) ?? 0;
      takesInFlight.set(key, taking + 1);
      let grant: Grant;
      try {
        const stub = namespace.get(namespace.idFromName(key));
        grant = await stub.take(limit, nowMs, taking > 0 ? 1 : leaseSize(limit));
      } finally {
        const left = (takesInFlight.get(key) ?? 1) - 1;
        if (left > 0) {
          takesInFlight.set(key, left);
        } else {
          takesInFlight.delete(key);
        }
      }
      if (grant.granted === 0) {
        return grant.decision;
      }
      const current = leases.get(key);
      const sameWindow =
        current !== undefined &&
        current.windowStart === grant.windowStart &&
        current.limit === limit.limit &&
        current.windowSeconds === limit.windowSeconds;
      const next: Lease = {
        windowStart: grant.windowStart,
        limit: limit.limit,
        windowSeconds: limit.windowSeconds,
        tokens: grant.granted - 1 + (sameWindow ? current.tokens : 0),
        remainingElsewhere: grant.decision.remaining,
      };
      leases.set(key, next);
      return fromLease(next, nowMs);
    },
  };
}
