import { describe, expect, it } from "vitest";
import { countRequest, memoryRateLimiter } from "./rate-limit.ts";

const limit = { limit: 3, windowSeconds: 60 };

describe("rate limit", () => {
  it("allows the limit and rejects the next request", async () => {
    let now = 120_000;
    const limiter = memoryRateLimiter(() => now);
    const decisions = [];
    for (let i = 0; i < 4; i++) {
      decisions.push(await limiter.hit("key_a", limit));
      now += 1000;
    }
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([2, 1, 0, 0]);
  });

  it("reports the seconds left in the window", () => {
    const { decision } = countRequest(null, limit, 120_000 + 45_500);
    expect(decision.resetSeconds).toBe(15);
  });

  it("starts again in the next window", () => {
    const full = { windowStart: 120_000, count: 3 };
    expect(countRequest(full, limit, 179_999).decision.allowed).toBe(false);
    const next = countRequest(full, limit, 180_000);
    expect(next.decision.allowed).toBe(true);
    expect(next.decision.remaining).toBe(2);
  });

  it("does not count rejected requests", () => {
    const full = { windowStart: 120_000, count: 3 };
    expect(countRequest(full, limit, 150_000).next.count).toBe(3);
  });

  it("counts each key on its own", async () => {
    const limiter = memoryRateLimiter(() => 0);
    for (let i = 0; i < 3; i++) {
      await limiter.hit("key_a", limit);
    }
    expect((await limiter.hit("key_a", limit)).allowed).toBe(false);
    expect((await limiter.hit("key_b", limit)).allowed).toBe(true);
  });
});
