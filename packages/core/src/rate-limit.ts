import type { RateLimit } from "./model.ts";

/** The outcome of counting one request against a key's limit. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests left in the current window after this one. */
  remaining: number;
  /** Seconds until the current window ends and the count starts again. */
  resetSeconds: number;
  windowSeconds: number;
}

/** Counts requests per key. Workers use a Durable Object per key, Node an in-process map. */
export interface RateLimiter {
  hit(key: string, limit: RateLimit): Promise<RateLimitDecision>;
}

/** The count of the window a key is in: windows start at multiples of `windowSeconds` since the epoch. */
export interface WindowCount {
  windowStart: number;
  count: number;
}

/**
 * Counts one request in a fixed window. A rejected request is not counted, so a client that
 * waits for the reset gets the whole next window.
 */
export function countRequest(
  previous: WindowCount | null,
  limit: RateLimit,
  nowMs: number,
): { next: WindowCount; decision: RateLimitDecision } {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = Math.floor(nowMs / windowMs) * windowMs;
  const used = previous !== null && previous.windowStart === windowStart ? previous.count : 0;
  const allowed = used < limit.limit;
  const count = allowed ? used + 1 : used;
  const decision: RateLimitDecision = {
    allowed,
    limit: limit.limit,
    remaining: Math.max(0, limit.limit - count),
    resetSeconds: Math.max(1, Math.ceil((windowStart + windowMs - nowMs) / 1000)),
    windowSeconds: limit.windowSeconds,
  };
  return { next: { windowStart, count }, decision };
}

/** Creates a rate limiter that keeps its counts in this process, for a single Node server and tests. */
export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const counts = new Map<string, WindowCount>();
  return {
    async hit(key, limit) {
      const { next, decision } = countRequest(counts.get(key) ?? null, limit, now());
      counts.set(key, next);
      return decision;
    },
  };
}
