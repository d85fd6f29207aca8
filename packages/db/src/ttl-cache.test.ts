import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache.ts";

function cache(ttlMs = 1000, maxEntries = 10) {
  const clock = { now: 0 };
  return { clock, cache: new TtlCache<string>({ ttlMs, maxEntries, now: () => clock.now }) };
}

describe("TTL cache", () => {
  it("expires an entry at its TTL", () => {
    const { clock, cache: entries } = cache();
    entries.set("a", "one");
    clock.now = 999;
    expect(entries.get("a")).toBe("one");
    clock.now = 1000;
    expect(entries.get("a")).toBeUndefined();
  });

  it("drops the oldest entry past the maximum", () => {
    const { cache: entries } = cache(1000, 2);
    entries.set("a", "one");
    entries.set("b", "two");
    entries.set("c", "three");
    expect(entries.get("a")).toBeUndefined();
    expect(entries.get("c")).toBe("three");
  });

  it("stores nothing with a TTL of 0", () => {
    const { cache: entries } = cache(0);
    entries.set("a", "one");
    expect(entries.get("a")).toBeUndefined();
  });

  it("discards a load that a clear overtook", async () => {
    const { cache: entries } = cache();
    let finish: (value: string) => void = () => {};
    const pending = entries.getOrLoad("a", () => new Promise((resolve) => (finish = resolve)));
    entries.clear();
    finish("stale");
    expect(await pending).toBe("stale");
    expect(entries.get("a")).toBeUndefined();
  });

  it("loads once and then serves from memory", async () => {
    const { cache: entries } = cache();
    let loads = 0;
    const load = async () => {
      loads += 1;
      return "one";
    };
    await entries.getOrLoad("a", load);
    await entries.getOrLoad("a", load);
    expect(loads).toBe(1);
  });
});
