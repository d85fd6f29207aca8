import { type HeraldClient, createHeraldClient } from "@herald/client";
import { expect } from "vitest";

export const BOOTSTRAP_TOKEN = "node-bootstrap-token";

/** Creates a sandbox, an outbox email surface and a live campaign through the typed client. */
export async function liveOutboxCampaign(url: string, name: string) {
  const operator = createHeraldClient(url, { apiKey: BOOTSTRAP_TOKEN });
  const created = await operator.v1.sandboxes.$post({ json: { name } });
  expect(created.status).toBe(201);
  const { apiKey } = (await created.json()) as { apiKey: string };
  const herald = createHeraldClient(url, { apiKey });
  const surface = await herald.v1.surfaces.$post({
    json: { channel: "email", name: "Outbox", provider: "outbox", fromAddress: "noreply@example.com" },
  });
  expect(surface.status).toBe(201);
  const { id: surfaceId } = (await surface.json()) as { id: string };
  const campaign = await herald.v1.campaigns.$post({
    json: {
      channel: "email",
      title: "Receipt",
      surfaceId,
      createProfiles: true,
      content: { subject: "Order {{context.orderId}}", text: "Thanks, {{profile.firstName}}." },
    },
  });
  expect(campaign.status).toBe(201);
  const { id: campaignId } = await campaign.json();
  const activated = await herald.v1.campaigns[":id"].activate.$post({ param: { id: campaignId } });
  expect(activated.status).toBe(200);
  return { herald, apiKey, campaignId };
}

export function triggerBody(campaignId: string, requestId: string, recipients: number) {
  return {
    requestId,
    campaignId,
    recipients: Array.from({ length: recipients }, (_, index) => ({
      type: "aep" as const,
      userId: `${requestId}-${index}@example.com`,
      namespace: "email",
      profile: { firstName: "Jane" },
      context: { orderId: `${requestId}-${index}` },
    })),
  };
}

export type { HeraldClient };
