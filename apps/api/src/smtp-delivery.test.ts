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

async function smtpCampaign(passwordSecret: string) {
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
      allowInsecureAuth: true,
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
  return { key, campaignId: campaign.id as string };
}

async function liveSmtpCampaign(passwordSecret: string) {
  const created = await smtpCampaign(passwordSecret);
  await activate(created.key, created.campaignId);
  return created;
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

  it("rejects activation when the secret is not set", async () => {
    const { key, campaignId } = await smtpCampaign("SMTP_MISSING_PASSWORD");
    const result = await api(`/v1/campaigns/${campaignId}/activate`, { key, method: "POST" });
    expect(result.status).toBe(422);
    expect(result.body.error.details[0].code).toBe("SECRET_NOT_SET");
    expect(result.body.error.details[0].message).toContain("SMTP_MISSING_PASSWORD");
  });

  it("rejects a secret the operator did not grant", async () => {
    const { key, campaignId } = await smtpCampaign("HERALD_BOOTSTRAP_TOKEN");
    const result = await api(`/v1/campaigns/${campaignId}/activate`, { key, method: "POST" });
    expect(result.status).toBe(422);
    expect(result.body.error.details[0].code).toBe("SECRET_NOT_GRANTED");
  });

  it("never sends an ungranted secret to the server", async () => {
    const { key, campaignId } = await smtpCampaign("HERALD_BOOTSTRAP_TOKEN");
    await env.DB.prepare("UPDATE campaigns SET status = 'live', live_version_id = draft_version_id, draft_version_id = NULL WHERE id = ?")
      .bind(campaignId)
      .run();
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [
        { type: "external", userId: "exfil@example.com", profile: { firstName: "N" }, context: { orderId: "1", total: "2" } },
      ]),
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
    const execution = await waitForFinal(key, trigger.body.executionId);
    expect(execution.recipients[0].status).toBe("failed");
    expect(execution.recipients[0].reason).toContain("HERALD_BOOTSTRAP_TOKEN");
    expect(await receivedBy("exfil@example.com")).toEqual([]);
  });

  it("rejects a password over plain text by default", async () => {
    const key = await newSandbox();
    const result = await api("/v1/surfaces", {
      key,
      body: {
        channel: "email",
        name: "Plain",
        provider: "smtp",
        fromAddress: "sender@example.com",
        smtp: { host: "127.0.0.1", port: 2525, security: "none", username: "u", passwordSecret: "SMTP_TEST_PASSWORD" },
      },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("smtp.security");
  });

  it("rejects a host with a scheme or credentials", async () => {
    const key = await newSandbox();
    for (const host of ["smtp://user:pass@mail.example.com", "a b\r\nc", "mail.example.com:2525"]) {
      const result = await api("/v1/surfaces", {
        key,
        body: { channel: "email", name: "Bad", provider: "smtp", fromAddress: "s@example.com", smtp: { host, port: 25, security: "tls" } },
      });
      expect(result.status, host).toBe(400);
      expect(result.body.error.details[0].path, host).toBe("smtp.host");
    }
  });
});
