import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { activate, api, createOk, newSandbox, triggerBody, waitForFinal } from "../test/helpers.ts";

interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  from: string | null;
  to: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  messageId: string | null;
}

async function receivedBy(address: string): Promise<ReceivedMail[]> {
  const response = await fetch(`${env.PEER_URL}/?to=${encodeURIComponent(address)}`);
  return response.json();
}

async function liveSmtpCampaign(passwordSecret: string) {
  const key = await newSandbox();
  const surface = await createOk(key, "/v1/surfaces", {
    channel: "email",
    name: "SMTP",
    provider: "smtp",
    fromAddress: "sender@example.com",
    fromName: "Doe, Sam",
    smtp: {
      host: "127.0.0.1",
      port: Number(env.SMTP_PORT),
      security: "none",
      username: "herald",
      passwordSecret,
      timeoutMs: 5000,
    },
  });
  const campaign = await createOk(key, "/v1/campaigns", {
    channel: "email",
    title: "Receipt",
    surfaceId: surface.id,
    createProfiles: true,
    content: {
      subject: "Your receipt, {{profile.firstName}}",
      text: "Order {{context.orderId}}: {{context.total}}",
      html: "<p>Order <b>{{context.orderId}}</b>: {{context.total}}</p>",
    },
  });
  await activate(key, campaign.id);
  return { key, campaignId: campaign.id as string };
}

describe("smtp delivery", () => {
  it("delivers to a real SMTP server", async () => {
    const { key, campaignId } = await liveSmtpCampaign("SMTP_TEST_PASSWORD");
    const userId = `buyer-${Date.now()}@example.com`;
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [
        {
          type: "aep",
          userId,
          namespace: "email",
          profile: { firstName: "Amélie" },
          context: { orderId: "A-1001", total: "€12.50 & tax" },
        },
      ]),
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
    const execution = await waitForFinal(key, trigger.body.executionId);
    expect(execution.recipients[0].status, JSON.stringify(execution)).toBe("sent");

    const [mail] = await receivedBy(userId);
    expect(mail?.envelopeTo).toEqual([userId]);
    expect(mail?.from).toBe('"Doe, Sam" <sender@example.com>');
    expect(mail?.to).toBe(userId);
    expect(mail?.subject).toBe("Your receipt, Amélie");
    expect(mail?.text?.trim()).toBe("Order A-1001: €12.50 & tax");
    expect(mail?.html).toContain("<p>Order <b>A-1001</b>: €12.50 &amp; tax</p>");
    expect(mail?.messageId).toContain(trigger.body.recipients[0].messageId);
    expect(/^[\x00-\x7f]*$/.test(mail?.raw.split("\r\n\r\n")[0] ?? "")).toBe(true);
  });

  it("fails the message when the named secret is not set", async () => {
    const { key, campaignId } = await liveSmtpCampaign("SMTP_MISSING_PASSWORD");
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [
        { type: "external", userId: "nobody@example.com", profile: { firstName: "N" }, context: { orderId: "1", total: "2" } },
      ]),
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
    const execution = await waitForFinal(key, trigger.body.executionId);
    expect(execution.recipients[0].status).toBe("failed");
    expect(execution.recipients[0].reason).toContain("SMTP_MISSING_PASSWORD");
  });
});
