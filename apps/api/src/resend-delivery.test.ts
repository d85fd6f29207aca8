import { env } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, triggerBody } from "../test/helpers.ts";
import { RESEND_TEST_KEY } from "../test/provider-secrets.ts";
import { captureConsole, deliver, deliverOne, liveCampaignOn, peerReceived, planPeer, throttlePeer } from "../test/providers.ts";

interface ResendEmail {
  id: string;
  idempotencyKey: string;
  from: string;
  to: string[];
  subject: string;
  text: string | null;
}

const run = Date.now().toString(36);
const logs = captureConsole();
let key: string;
let campaignId: string;

beforeAll(async () => {
  ({ key, campaignId } = await liveCampaignOn(
    {
      channel: "email",
      name: "Resend",
      provider: "resend",
      fromAddress: "sender@example.com",
      fromName: "Doe, Sam",
      resend: { apiKeySecret: "RESEND_TEST_KEY", baseUrl: env.RESEND_URL, timeoutMs: 10_000 },
    },
    {
      channel: "email",
      title: "Login code",
      content: {
        subject: "{{context.subject}}",
        text: "Your login code is {{context.code}}",
        html: "<p>Your login code is <b>{{context.code}}</b></p>",
      },
    },
  ));
});

afterAll(() => logs.stop());

function to(name: string): string {
  return `${name}-${run}@example.com`;
}

function recipient(userId: string, subject = "Your code") {
  return { type: "external", userId, context: { subject, code: `K-${userId}` } };
}

async function emailsTo(address: string): Promise<ResendEmail[]> {
  const emails = await peerReceived<ResendEmail>(env.RESEND_URL);
  return emails.filter((email) => email.to.includes(address));
}

describe("Resend delivery", () => {
  it("delivers with the quoted sender name", async () => {
    const message = await deliverOne(key, campaignId, recipient(to("quoted")));

    const [email] = await emailsTo(to("quoted"));
    expect(message.status, JSON.stringify(message)).toBe("sent");
    expect(message.providerMessageId).toBe(email?.id);
    expect(email?.from).toBe('"Doe, Sam" <sender@example.com>');
    expect(email?.idempotencyKey).toBe(message.messageId);
    expect(email?.text).toBe(`Your login code is K-${to("quoted")}`);
  });

  it("sends a non-ASCII subject unchanged", async () => {
    await deliver(key, campaignId, [recipient(to("accents"), "Partir Aux Amériques")]);

    const [email] = await emailsTo(to("accents"));
    expect(email?.subject).toBe("Partir Aux Amériques");
  });

  it("keeps a rendered subject with CR/LF on one line", async () => {
    await deliver(key, campaignId, [recipient(to("crlf"), "Hi\r\nBcc: attacker@example.net")]);

    const [email] = await emailsTo(to("crlf"));
    expect(email?.subject).toBe("Hi Bcc: attacker@example.net");
  });

  it("rejects a recipient address with CR/LF", async () => {
    const body = triggerBody(campaignId, [recipient("user@example.com\r\nX-Injected: yes")]);

    const result = await api("/ajo/im/executions/unitary", { key, body });

    expect(result.status, JSON.stringify(result.body)).toBe(422);
    expect(result.body.error.details[0].path).toBe("recipients[0].userId");
  });

  it("retries a 429 and then sends", async () => {
    await planPeer(env.RESEND_URL, to("throttled"), [
      { status: 429, headers: { "retry-after": "1" }, body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests." } },
    ]);

    const message = await deliverOne(key, campaignId, recipient(to("throttled")));

    expect(message.status, JSON.stringify(message)).toBe("sent");
    expect(message.attempts).toBe(2);
    expect(await emailsTo(to("throttled"))).toHaveLength(1);
  });

  it("fails on a validation error", async () => {
    await planPeer(env.RESEND_URL, to("invalid"), [
      { status: 422, body: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." } },
    ]);

    const message = await deliverOne(key, campaignId, recipient(to("invalid")));

    expect(message.status).toBe("failed");
    expect(message.reason).toBe("Resend 422 validation_error: Invalid `to` field.");
    expect(message.attempts).toBe(1);
  });

  it("sends 60 through a throttled run", async () => {
    const prefix = `run-${run}-`;
    await throttlePeer(env.RESEND_URL, {
      keyPrefix: prefix,
      afterAccepted: 23,
      durationMs: 1_500,
      reply: { status: 429, headers: { "retry-after": "1" }, body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests." } },
    });
    const recipients = Array.from({ length: 60 }, (_, index) => recipient(`${prefix}${index}@example.com`));

    const messages = (await Promise.all([0, 20, 40].map((start) => deliver(key, campaignId, recipients.slice(start, start + 20), 30_000)))).flat();

    const emails = (await peerReceived<ResendEmail>(env.RESEND_URL)).filter((email) => email.to[0]?.startsWith(prefix));
    expect(messages.filter((message) => message.status === "sent")).toHaveLength(60);
    expect(emails).toHaveLength(60);
    expect(new Set(emails.map((email) => email.idempotencyKey))).toEqual(new Set(messages.map((message) => message.messageId)));
    expect(messages.reduce((sum, message) => sum + message.attempts, 0)).toBeGreaterThan(60);
  }, 40_000);

  it("logs no API key or message body", () => {
    const text = logs.lines.join("\n");

    expect(text).toContain("message sent");
    expect(text).not.toContain(RESEND_TEST_KEY);
    expect(text).not.toContain("Your login code is");
    expect(text).not.toContain(`K-${to("quoted")}`);
  });
});
