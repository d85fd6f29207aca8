import { afterEach, describe, expect, it } from "vitest";
import { type HeraldFixture, startHeraldFixture } from "../test-support/herald-fixture.ts";
import {
  ACCEPTED_BEFORE_THROTTLE,
  RUN_QUEUE,
  RUN_TIMEOUT_MS,
  RUN_TOTAL,
  countByStatus,
  runCampaign,
} from "../test-support/throttled-run.ts";
import { type ResendPeer, startResendPeer } from "./test-support/resend-peer.ts";

const RESEND_KEY = "re_test_throttle_51ab";
let fixture: HeraldFixture;
let peer: ResendPeer;

afterEach(async () => {
  await fixture.close();
  await peer.close();
});

async function run(throttleMs: number, maxRetries: number, total = RUN_TOTAL, acceptedBefore = ACCEPTED_BEFORE_THROTTLE) {
  peer = await startResendPeer(RESEND_KEY);
  peer.scripts.throttle({
    afterAccepted: acceptedBefore,
    durationMs: throttleMs,
    reply: {
      status: 429,
      headers: { "retry-after": "1" },
      body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests." },
    },
  });
  fixture = await startHeraldFixture({ RESEND_API_KEY: RESEND_KEY }, { ...RUN_QUEUE, maxRetries });
  const surface = {
    channel: "email",
    name: "Resend",
    provider: "resend",
    fromAddress: "codes@example.com",
    // A loaded CI machine can take seconds to answer; a timeout here would read as an unknown outcome.
    resend: { apiKeySecret: "RESEND_API_KEY", baseUrl: peer.url, timeoutMs: 120_000 },
  };
  return runCampaign(fixture, surface, "http", total);
}

describe("Resend throttling mid-run", () => {
  it("sends all 1,450 through 429 with Retry-After", async () => {
    const { ids, messages } = await run(300, RUN_QUEUE.maxRetries);

    const logs = fixture.log.lines.join("\n");
    expect(countByStatus(messages)).toEqual({ sent: RUN_TOTAL });
    expect(peer.scripts.rejected()).toBeGreaterThan(0);
    expect(peer.received).toHaveLength(RUN_TOTAL);
    expect(new Set(peer.received.map((email) => email.idempotencyKey))).toEqual(new Set(ids));
    expect(new Set(messages.map((message) => message.providerMessageId))).toEqual(
      new Set(peer.received.map((email) => email.id)),
    );
    expect(logs).not.toContain(RESEND_KEY);
    expect(logs).not.toMatch(/login code is|C\d+-http/i);
  }, RUN_TIMEOUT_MS);

  it("fails past the retry cap with the reason", async () => {
    const { messages } = await run(60_000, 1, 200, 80);

    const sent = messages.filter((message) => message.status === "sent");
    const failed = messages.filter((message) => message.status === "failed");
    expect(countByStatus(messages)).toEqual({ sent: 80, failed: 120 });
    expect(failed[0]?.reason).toBe("gave up after 2 attempts: Resend 429 rate_limit_exceeded: Too many requests.");
    expect(new Set(peer.received.map((email) => email.idempotencyKey))).toEqual(new Set(sent.map((message) => message.id)));
  }, RUN_TIMEOUT_MS);
});
