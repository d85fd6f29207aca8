import { describe, expect, it } from "vitest";
import { createKey } from "../../test/fixtures.ts";
import { api, newSandbox } from "../../test/helpers.ts";

describe("rate limits", () => {
  it("counts down and rejects past the key's limit", async () => {
    const owner = await newSandbox();
    const limited = await createKey(owner, ["read"], { rateLimit: { limit: 3, windowSeconds: 60 } });
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(await api("/v1/surfaces", { key: limited }));
    }
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 429]);
    expect(results.map((result) => result.headers.get("ratelimit-remaining"))).toEqual(["2", "1", "0", "0"]);
    const rejected = results[3];
    expect(rejected?.body.error.code).toBe("RATE_LIMITED");
    expect(rejected?.body.error.message).toContain("3 requests per 60 s");
    const retryAfter = Number(rejected?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(rejected?.headers.get("ratelimit-reset")).toBe(String(retryAfter));
  });

  it("sends the draft's policy and limit fields", async () => {
    const owner = await newSandbox();
    const limited = await createKey(owner, ["read"], { rateLimit: { limit: 10, windowSeconds: 30 } });
    const result = await api("/v1/surfaces", { key: limited });
    expect(result.headers.get("ratelimit-policy")).toBe('"api-key";q=10;w=30');
    expect(result.headers.get("ratelimit")).toMatch(/^"api-key";r=9;t=\d+$/);
    expect(result.headers.get("ratelimit-limit")).toBe("10");
  });

  it("applies the configured default to keys without a limit", async () => {
    const owner = await newSandbox();
    const result = await api("/v1/surfaces", { key: owner });
    expect(result.headers.get("ratelimit-policy")).toBe('"api-key";q=600;w=60');
  });

  it("limits each key on its own", async () => {
    const owner = await newSandbox();
    const first = await createKey(owner, ["read"], { rateLimit: { limit: 1, windowSeconds: 60 } });
    const second = await createKey(owner, ["read"], { rateLimit: { limit: 1, windowSeconds: 60 } });
    expect((await api("/v1/surfaces", { key: first })).status).toBe(200);
    expect((await api("/v1/surfaces", { key: first })).status).toBe(429);
    expect((await api("/v1/surfaces", { key: second })).status).toBe(200);
  });

  it("counts requests of one key across concurrent calls", async () => {
    const owner = await newSandbox();
    const limited = await createKey(owner, ["read"], { rateLimit: { limit: 20, windowSeconds: 60 } });
    const results = await Promise.all(Array.from({ length: 30 }, () => api("/v1/surfaces", { key: limited })));
    expect(results.filter((result) => result.status === 200)).toHaveLength(20);
    expect(results.filter((result) => result.status === 429)).toHaveLength(10);
  });
});
