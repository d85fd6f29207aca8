import { expect } from "vitest";
import { activate, api, createOk, newSandbox, triggerBody, waitForFinal } from "./helpers.ts";

export const SURFACES = {
  email: { channel: "email", name: "Mail", provider: "outbox", fromAddress: "noreply@example.com" },
  sms: { channel: "sms", name: "Codes", provider: "outbox", sender: "Herald", defaultRegion: "US" },
  push: { channel: "push", name: "App", provider: "outbox", appId: "com.example.app" },
} as const;

export type TestChannel = keyof typeof SURFACES;

/** Creates a sandbox, a surface of the channel and a live campaign with the given content. */
export async function liveCampaign(
  channel: TestChannel,
  content: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  surface: Record<string, unknown> = {},
) {
  const key = await newSandbox();
  const created = await createOk(key, "/v1/surfaces", { ...SURFACES[channel], ...surface });
  const campaign = await createOk(key, "/v1/campaigns", {
    channel,
    title: `${channel} test`,
    surfaceId: created.id,
    createProfiles: true,
    content,
    ...extra,
  });
  await activate(key, campaign.id);
  return { key, campaignId: campaign.id as string, surfaceId: created.id as string };
}

/** Returns a recipient the channel can reach with no stored profile. */
export function reachable(channel: TestChannel, extra: Record<string, unknown> = {}) {
  switch (channel) {
    case "email":
      return { type: "aep", userId: "jane@example.com", namespace: "email", ...extra };
    case "sms":
      return { type: "aep", userId: "+15555550100", namespace: "phone", ...extra };
    case "push":
      return {
        type: "aep",
        userId: "69182582886243657171234567890123456789",
        channelData: { pushInfo: { appID: "com.example.app", platform: "fcm", token: "device-token-1" } },
        ...extra,
      };
  }
}

/** Triggers one recipient, waits for the send and returns the message with what was rendered. */
export async function sendOne(key: string, campaignId: string, recipient: unknown) {
  const trigger = await api("/ajo/im/executions/unitary", { key, body: triggerBody(campaignId, [recipient]) });
  expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
  const execution = await waitForFinal(key, trigger.body.executionId);
  expect(execution.recipients[0].status, JSON.stringify(execution)).toBe("sent");
  const message = await api(`/v1/messages/${trigger.body.recipients[0].messageId}`, { key });
  return message.body;
}

/** Triggers one recipient and returns the rejection. */
export async function rejectOne(key: string, campaignId: string, recipient: unknown) {
  const trigger = await api("/ajo/im/executions/unitary", { key, body: triggerBody(campaignId, [recipient]) });
  expect(trigger.status, JSON.stringify(trigger.body)).toBe(422);
  return trigger.body.error;
}
