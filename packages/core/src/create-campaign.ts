import { versionFields } from "./campaign-input.ts";
import type { Deps } from "./deps.ts";
import { newId } from "./ids.ts";
import type { Campaign, CampaignVersion } from "./model.ts";
import { createCampaignSchema } from "./schemas/campaign.ts";
import { parseInput } from "./validation.ts";

/** Creates a draft campaign with its first version; review happens at activation. */
export async function createCampaign(
  deps: Deps,
  sandboxId: string,
  body: unknown,
): Promise<{ campaign: Campaign; version: CampaignVersion }> {
  const input = parseInput(createCampaignSchema, body);
  return insertDraftCampaign(deps, sandboxId, input.channel, versionFields(input));
}

/** Stores a new draft campaign whose first version has the given fields. */
export async function insertDraftCampaign(
  deps: Deps,
  sandboxId: string,
  channel: Campaign["channel"],
  fields: Omit<CampaignVersion, "id" | "campaignId" | "number" | "variables" | "createdAt">,
): Promise<{ campaign: Campaign; version: CampaignVersion }> {
  const now = deps.now().toISOString();
  const campaignId = newId("cmp");
  const version: CampaignVersion = {
    id: newId("cv"),
    campaignId,
    number: 1,
    ...fields,
    variables: [],
    createdAt: now,
  };
  const campaign: Campaign = {
    id: campaignId,
    sandboxId,
    channel,
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
