import { env } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, triggerBody } from "../test/helpers.ts";
import { TWILIO_TEST_ACCOUNT_SID, TWILIO_TEST_TOKEN } from "../test/provider-secrets.ts";
import { captureConsole, deliverOne, liveCampaignOn, peerReceived, planPeer } from "../test/providers.ts";

interface TwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  body: string;
}

// 85 characters, 86 UTF-16 code units: the emoji makes the message UCS-2, 2 segments of 67.
const EMOJI_BODY = `this is a ${"]".repeat(74)}😘`;
const logs = captureConsole();
let phoneCounter = 0;

function smsSurface(extra: Record<string, unknown> = {}) {
  return {
    channel: "sms",
    name: "Twilio",
    provider: "twilio",
    sender: "+15005550006",
    twilio: { accountSid: TWILIO_TEST_ACCOUNT_SID, authTokenSecret: "TWILIO_TEST_TOKEN", baseUrl: env.TWILIO_URL, timeoutMs: 3_000 },
    ...extra,
  };
}

const smsCampaign = { channel: "sms", title: "Codes", content: { body: "{{context.body}}" } };

/** Returns a valid US number no other test uses, so peer scripts and records stay apart. */
function phone(): string {
  phoneCounter += 1;
  return `+1202555${String(1000 + ((Date.now() + phoneCounter * 7) % 9000)).padStart(4, "0")}`;
}

function recipient(number: string, body = "Your code is 4921") {
  return { type: "external", userId: number, context: { body } };
}

async function messagesTo(number: string): Promise<TwilioMessage[]> {
  return (await peerReceived<TwilioMessage>(env.TWILIO_URL)).filter((message) => message.to === number);
}

let key: string;
let campaignId: string;

beforeAll(async () => {
  ({ key, campaignId } = await liveCampaignOn(smsSurface(), smsCampaign));
});

afterAll(() => logs.stop());

describe("Twilio delivery", () => {
  it("sends the body and stores 2 segments for the emoji case", async () => {
    const number = phone();

    const message = await deliverOne(key, campaignId, recipient(number, EMOJI_BODY));

    const [sms] = await messagesTo(number);
    expect(message.status, JSON.stringify(message)).toBe("sent");
    expect(message.providerMessageId).toBe(sms?.sid);
    expect(message.segments).toBe(2);
    expect(sms?.body).toBe(EMOJI_BODY);
    expect(sms?.from).toBe("+15005550006");
  });

  it("fails on an unreachable number", async () => {
    const number = phone();
    await planPeer(env.TWILIO_URL, number, [
      { status: 400, body: { code: 21614, message: "'To' number is not a valid mobile number", status: 400 } },
    ]);

    const message = await deliverOne(key, campaignId, recipient(number));

    expect(message.status).toBe("failed");
    expect(message.reason).toBe("Twilio 400 error 21614: 'To' number is not a valid mobile number");
    expect(message.attempts).toBe(1);
  });

  it("retries error 20429 and then sends", async () => {
    const number = phone();
    await planPeer(env.TWILIO_URL, number, [
      { status: 429, headers: { "retry-after": "1" }, body: { code: 20429, message: "Too Many Requests", status: 429 } },
    ]);

    const message = await deliverOne(key, campaignId, recipient(number));

    expect(message.status, JSON.stringify(message)).toBe("sent");
    expect(message.attempts).toBe(2);
    expect(await messagesTo(number)).toHaveLength(1);
  });

  it("records unknown after a timeout and does not resend", async () => {
    const number = phone();
    await planPeer(env.TWILIO_URL, number, [{ stallMs: 6_000 }]);

    const message = await deliverOne(key, campaignId, recipient(number));

    expect(message.status).toBe("unknown");
    expect(message.reason).toContain("may have accepted");
    expect(message.attempts).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await messagesTo(number)).toHaveLength(1);
  });

  it("records unknown when the connection drops mid-request", async () => {
    const number = phone();
    await planPeer(env.TWILIO_URL, number, [{ drop: true }]);

    const message = await deliverOne(key, campaignId, recipient(number));

    expect(message.status).toBe("unknown");
    expect(message.reason).toContain("failed during the request");
    expect(await messagesTo(number)).toHaveLength(1);
  });

  it("retries a refused connection until the retries run out", async () => {
    const closed = await liveCampaignOn(smsSurface({ twilio: { ...smsSurface().twilio, baseUrl: "http://127.0.0.1:9" } }), smsCampaign);

    const message = await deliverOne(closed.key, closed.campaignId, recipient(phone()), 30_000);

    expect(message.status, JSON.stringify(message)).toBe("failed");
    expect(message.reason).toMatch(/^gave up after \d+ attempts: could not connect to 127\.0\.0\.1:9/);
    expect(message.attempts).toBeGreaterThan(1);
  }, 40_000);

  it("rejects a body over the surface's segment maximum", async () => {
    const limited = await liveCampaignOn(smsSurface({ maxSegments: 1 }), smsCampaign);
    const body = triggerBody(limited.campaignId, [recipient(phone(), EMOJI_BODY)]);

    const result = await api("/ajo/im/executions/unitary", { key: limited.key, body });

    expect(result.status, JSON.stringify(result.body)).toBe(422);
    expect(result.body.error.details[0].code).toBe("CONTENT_TOO_LARGE");
    expect(result.body.error.details[0].message).toContain("2 segments");
  });

  it("logs no auth token or message body", () => {
    const text = logs.lines.join("\n");

    expect(text).toContain("message sent");
    expect(text).not.toContain(TWILIO_TEST_TOKEN);
    expect(text).not.toContain("Your code is");
    expect(text).not.toContain("]]]]");
  });
});
