import { describe, expect, it } from "vitest";
import { MAX_RETRY_DELAY_SECONDS, retryDelaySeconds } from "./retry-policy.ts";

const lowest = () => 0;
const highest = () => 0.999_999;

describe("retryDelaySeconds", () => {
  it("doubles the step on each attempt", () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) => retryDelaySeconds(attempt, undefined, { random: highest }));
    expect(delays).toEqual([2, 4, 8, 16, 32]);
  });

  it("jitters between half and all of the step", () => {
    expect(retryDelaySeconds(4, undefined, { random: lowest })).toBe(8);
    expect(retryDelaySeconds(4, undefined, { random: highest })).toBe(16);
  });

  it("spreads delays with the default random source", () => {
    const delays = new Set(Array.from({ length: 200 }, () => retryDelaySeconds(8)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(128);
      expect(delay).toBeLessThanOrEqual(256);
    }
  });

  it("caps the step at 15 minutes", () => {
    expect(retryDelaySeconds(30, undefined, { random: highest })).toBe(900);
  });

  it("waits for a longer Retry-After", () => {
    expect(retryDelaySeconds(1, 120, { random: highest })).toBe(120);
  });

  it("keeps its own delay over a shorter Retry-After", () => {
    expect(retryDelaySeconds(5, 1, { random: highest })).toBe(32);
  });

  it("caps Retry-After at the queue maximum", () => {
    expect(retryDelaySeconds(1, 100_000)).toBe(MAX_RETRY_DELAY_SECONDS);
  });

  it("starts from the configured base", () => {
    expect(retryDelaySeconds(3, undefined, { baseSeconds: 0 })).toBe(0);
    expect(retryDelaySeconds(3, undefined, { baseSeconds: 10, random: highest })).toBe(40);
  });
});
