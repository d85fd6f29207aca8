import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { durableRateLimiter, leaseSize } from "./rate-limiter-object.ts";

function keyId(): string {
  return `key_${crypto.randomUUID()}`;
}

describe("leaseSize", () => {
  it("counts small limits one by one", () => {
    expect(leaseSize({ limit: 99, windowSeconds: 60 })).toBe(1);
  });

  it("leases a fiftieth of the limit", () => {
    expect(leaseSize({ limit: 600, windowSeconds: 60 })).toBe(12);
  });

  it("leases at most 100", () => {
    expect(leaseSize({ limit: 1_000_000, windowSeconds: 60 })).toBe(100);
  });
});

describe("durableRateLimiter", () => {
  it("admits exactly the limit with leases", async () => {
    const limiter = durableRateLimiter(env.RATE_LIMITER);
    const limit = { limit: 250, windowSeconds: 3600 };
    const key = keyId();
    const decisions = [];
    for (let i = 0; i < 260; i++) {
      decisions.push(await limiter.hit(key, limit));
    }
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(250);
    expect(decisions.slice(250).every((decision) => !decision.allowed)).toBe(true);
    expect(decisions.map((decision) => decision.remaining).slice(0, 3)).toEqual([249, 248, 247]);
  });

  it("shares the count with other isolates", async () => {
    const limit = { limit: 200, windowSeconds: 3600 };
    const key = keyId();
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
    await durableRateLimiter(env.RATE_LIMITER).hit(key, limit);
    // Another isolate counts one request on the object itself; the first lease of 4 is already counted.
    const elsewhere = await stub.hit(limit, Date.now());
    expect(elsewhere.remaining).toBe(195);
  });
});

describe("durableRateLimiter under a burst", () => {
  it("leases once for concurrent requests", async () => {
    const limiter = durableRateLimiter(env.RATE_LIMITER);
    const limit = { limit: 600, windowSeconds: 3600 };
    const key = keyId();
    const decisions = await Promise.all(Array.from({ length: 100 }, () => limiter.hit(key, limit)));
    expect(decisions.every((decision) => decision.allowed)).toBe(true);
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
    // The first request leased 12 and the other 99 took one each.
    expect((await stub.hit(limit, Date.now())).remaining).toBe(600 - 12 - 99 - 1);
  });
});
