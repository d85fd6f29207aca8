import { describe, expect, it } from "vitest";
import { liveSmtpCampaign, smtpRecipients } from "../test/delivery.ts";
import { api, triggerBody, waitForFinal } from "../test/helpers.ts";

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
