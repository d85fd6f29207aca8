import { type RateLimit, type RateLimitDecision, type RateLimiter, type WindowCount, countRequest } from "@herald/core";
import { DurableObject } from "cloudflare:workers";

const COUNT_KEY = "window";

/**
 * Counts the requests of one API key. There is one object per key id, so its counts are
 * consistent across every isolate and location, and the object's storage keeps them when
 * the object is evicted between requests.
 */
export class ApiKeyRateLimiter extends DurableObject {
  hit(limit: RateLimit, nowMs: number): RateLimitDecision {
    const previous = this.ctx.storage.kv.get<WindowCount>(COUNT_KEY) ?? null;
    const { next, decision } = countRequest(previous, limit, nowMs);
    this.ctx.storage.kv.put(COUNT_KEY, next);
    return decision;
  }
}

/** Creates a rate limiter over the `RATE_LIMITER` Durable Object namespace. */
export function durableRateLimiter(namespace: DurableObjectNamespace<ApiKeyRateLimiter>): RateLimiter {
  return {
    async hit(key, limit) {
      const stub = namespace.get(namespace.idFromName(key));
      return stub.hit(limit, Date.now());
    },
  };
}
