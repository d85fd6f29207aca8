import { describe, expect, it } from "vitest";
import { signWebhook } from "./webhook-signature.ts";
import { webhookUrlProblem } from "./webhook-url.ts";

const strict = { allowLoopback: false };
const dev = { allowLoopback: true };

describe("webhookUrlProblem", () => {
  it("accepts a public https URL", () => {
    expect(webhookUrlProblem("https://hooks.example.com/herald", strict)).toBeNull();
  });

  it.each([
    ["http://hooks.example.com/", "https"],
    ["https://localhost/", "loopback"],
    ["https://127.0.0.1/", "loopback"],
    ["https://127.1/", "loopback"],
    ["https://2130706433/", "loopback"],
    ["https://0x7f.0.0.1/", "loopback"],
    ["https://[::1]/", "loopback"],
    ["https://[::ffff:127.0.0.1]/", "loopback"],
    ["https://10.0.0.8/", "private"],
    ["https://172.16.4.1/", "private"],
    ["https://192.168.1.1/", "private"],
    ["https://[::ffff:192.168.1.1]/", "private"],
    ["https://169.254.169.254/latest/meta-data", "link-local"],
    ["https://[fe80::1]/", "link-local"],
    ["https://[fd00::1]/", "unique local"],
    ["https://100.64.0.1/", "shared"],
    ["https://0.0.0.0/", "reserved"],
    ["https://224.0.0.1/", "multicast"],
    ["https://intranet/", "public host"],
    ["https://printer.local/", "public host"],
    ["https://user:pass@hooks.example.com/", "password"],
    ["not a url", "absolute URL"],
  ])("rejects %s", (url, reason) => {
    expect(webhookUrlProblem(url, strict)).toContain(reason);
  });

  it("allows loopback over http in development", () => {
    expect(webhookUrlProblem("http://127.0.0.1:8080/hooks", dev)).toBeNull();
    expect(webhookUrlProblem("http://localhost:8080/hooks", dev)).toBeNull();
  });

  it("still rejects private hosts in development", () => {
    expect(webhookUrlProblem("http://192.168.1.1/hooks", dev)).toContain("https");
    expect(webhookUrlProblem("https://10.0.0.1/hooks", dev)).toContain("private");
  });
});

describe("signWebhook", () => {
  it("signs id, timestamp and body with the secret's bytes", async () => {
    // The secret is base64 of the bytes 0..31; Node's createHmac over the same bytes and
    // input gives the expected value.
    const secret = `whsec_${btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i)))}`;
    const signature = await signWebhook(secret, "evt_1", 1_700_000_000, '{"a":1}');
    const { createHmac } = await import("node:crypto");
    const expected = createHmac("sha256", Buffer.from(Array.from({ length: 32 }, (_, i) => i)))
      .update('evt_1.1700000000.{"a":1}')
      .digest("base64");
    expect(signature).toBe(`v1,${expected}`);
  });
});
