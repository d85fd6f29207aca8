import type { Deps } from "./deps.ts";
import { newId } from "./ids.ts";
import type { Campaign, CampaignVersion } from "./model.ts";
import { createCampaignSchema } from "./schemas/campaign.ts";
import type { Channel } from "./sending.ts";
import { parseInput } from "./validation.ts";

/** The namespace recipients are identified in when a campaign names none. */
export const DEFAULT_NAMESPACE: Record<Channel, string> = {
  email: "email",
  sms: "phone",
  push: "ecid",
};

/** Creates a draft campaign with its first version; review happens at activation. */
export async function createCampaign(
  deps: Deps,
  sandboxId: string,
  body: unknown,
): Promise<{ campaign: Campaign; version: CampaignVersion }> {
  const input = parseInput(createCampaignSchema, body);
  const now = deps.now().toISOString();
  const campaignId = newId("cmp");
  const version: CampaignVersion = {
    id: newId("cv"),
    campaignId,
    number: 1,
    title: input.title,
    description: input.description ?? null,
    surfaceId: input.surfaceId,
    namespace: input.namespace ?? DEFAULT_NAMESPACE[input.channel],
    createProfiles: input.createProfiles,
    startAt: input.startAt ?? null,
    endAt: input.endAt ?? null,
    content: input.content,
    defaults: input.defaults ?? {},
    variables: [],
    createdAt: now,
  };
  const campaign: Campaign = {
    id: campaignId,
    sandboxId,
    channel: input.channel,
    status: "draft",
    liveVersionId: null,
    draftVersionId: version.id,
    createdAt: now,
    updatedAt: now,
    activatedAt: null,
  };
  await deps.store.createCampaign(campaign, version);
  return { campaign, version };
}
