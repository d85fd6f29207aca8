import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "./config.ts";

describe("server config", () => {
  it("listens on loopback by default", () => {
    const config = readConfig({}, "/srv/herald");
    expect(config.host).toBe("127.0.0.1");
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe("file:///srv/herald/.herald/herald.db");
    expect(config.bootstrapToken).toBeUndefined();
  });

  it("reads limits and queue settings", () => {
    const config = readConfig({ MAX_RECIPIENTS: "5", QUEUE_LEASE_SECONDS: "7", QUEUE_MAX_RETRIES: "0", PORT: "0" });
    expect(config.limits.maxRecipients).toBe(5);
    expect(config.queue.leaseMs).toBe(7_000);
    expect(config.queue.maxRetries).toBe(0);
    expect(config.port).toBe(0);
  });

  it("rejects every invalid value by name", () => {
    const read = () => readConfig({ PORT: "http", QUEUE_CONCURRENCY: "0", DATABASE_URL: "postgres://x" });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow("PORT=http is invalid: must be an integer from 0 to 65535");
    expect(read).toThrow("QUEUE_CONCURRENCY=0 is invalid: must be an integer from 1");
    expect(read).toThrow("DATABASE_URL is invalid");
  });
});
