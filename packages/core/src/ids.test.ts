import { describe, expect, it } from "vitest";
import { newId } from "./ids.ts";

const ID = /^msg_[0-9a-hjkmnp-tv-z]{26}$/;

describe("newId", () => {
  it("formats a prefixed base32 id", () => {
    expect(newId("msg")).toMatch(ID);
  });

  it("starts with the time", () => {
    const earlier = newId("msg", 1_700_000_000_000);
    const later = newId("msg", 1_700_000_000_001);
    expect(earlier.slice(4, 14) < later.slice(4, 14)).toBe(true);
  });

  it("stays unique past a pool refill", () => {
    // 4 KiB of random bytes serve 256 ids, so 2,000 ids refill the pool several times.
    const ids = Array.from({ length: 2_000 }, () => newId("msg", 0));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => ID.test(id))).toBe(true);
  });
});
