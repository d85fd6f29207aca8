import { describe, expect, it } from "vitest";
import { liveSmtpCampaign, receivedBy, smtpRecipients } from "../test/delivery.ts";
import { api, reportFigures, triggerBody, waitForFinal } from "../test/helpers.ts";

describe("delivery under provider faults", () => {
  it("fails a message through the dead-letter queue when the server is down", async () => {
    // Nothing listens on port 1, so every connection is refused.
    const { key, campaignId } = await liveSmtpCampaign({ port: 1 });
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, smtpRecipients(["down@example.com"])),
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
    const execution = await waitForFinal(key, trigger.body.executionId, 15_000);
    const [message] = execution.recipients;
    expect(message.status, JSON.stringify(message)).toBe("failed");
    expect(message.reason).toMatch(/^gave up after 11 attempts: /);
    expect(message.attempts).toBe(11);
  });
});

describe("delivery under injected SMTP faults", () => {
  it("ends every message in the right state, none lost or doubled", async () => {
    const { key, campaignId } = await liveSmtpCampaign({ timeoutMs: 2000 });
    const run = crypto.randomUUID().slice(0, 8);
    const plan: [string, "sent" | "failed" | "unknown"][] = [
      ["ok", "sent"],
      ["throttle-2", "sent"],
      ["throttle-3", "sent"],
      ["error-2", "sent"],
      ["slow", "sent"],
      ["reject", "failed"],
      ["blackhole", "unknown"],
    ];
    const cases = plan.flatMap(([fault, expected]) =>
      [1, 2].map((copy) => ({ address: `${fault}-${run}-${copy}@example.com`, expected })),
    );
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, smtpRecipients(cases.map((item) => item.address))),
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
    const execution = await waitForFinal(key, trigger.body.executionId, 30_000);
    const copies = await Promise.all(cases.map(async (item) => (await receivedBy(item.address)).length));
    const statuses = execution.recipients.map((item: { status: string }) => item.status);
    const final = ["sent", "failed", "unknown"];
    await reportFigures("providerFaults", {
      messages: cases.length,
      sent: statuses.filter((status: string) => status === "sent").length,
      failed: statuses.filter((status: string) => status === "failed").length,
      unknown: statuses.filter((status: string) => status === "unknown").length,
      lost: statuses.filter((status: string, index: number) => !final.includes(status) || (status === "sent" && copies[index] === 0)).length,
      duplicated: copies.filter((copy) => copy > 1).length,
    });

    cases.forEach((item, index) => {
      const message = execution.recipients[index];
      expect(message.status, `${item.address}: ${JSON.stringify(message)}`).toBe(item.expected);
      expect(copies[index], `${item.address} copies received`).toBe(item.expected === "failed" ? 0 : 1);
    });
    const rejected = execution.recipients[cases.findIndex((item) => item.address.startsWith("reject"))];
    expect(rejected.reason).toContain("550");
    const throttled = execution.recipients[cases.findIndex((item) => item.address.startsWith("throttle-3"))];
    expect(throttled.attempts).toBe(4);
    const timedOut = execution.recipients[cases.findIndex((item) => item.address.startsWith("blackhole"))];
    expect(timedOut.attempts).toBe(1);
  }, 60_000);
});
