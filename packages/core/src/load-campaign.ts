import type { Deps } from "./deps.ts";
import { notFound } from "./errors.ts";
import type { Campaign, CampaignVersion } from "./model.ts";

export interface LoadedCampaign {
  campaign: Campaign;
  live: CampaignVersion | null;
  draft: CampaignVersion | null;
}

/** Loads a campaign of the sandbox with its live and draft versions, or throws NOT_FOUND. */
export async function loadCampaign(deps: Deps, sandboxId: string, campaignId: string): Promise<LoadedCampaign> {
  const campaign = await deps.store.getCampaign(sandboxId, campaignId);
  if (campaign === null) {
    throw notFound("campaign", campaignId);
  }
  return { campaign, ...(await loadVersions(deps, campaign)) };
}

export async function loadVersions(deps: Deps, campaign: Campaign) {
  const [live, draft] = await Promise.all([
    campaign.liveVersionId ? deps.store.getVersion(campaign.liveVersionId) : null,
    campaign.draftVersionId ? deps.store.getVersion(campaign.draftVersionId) : null,
  ]);
  return { live, draft };
}
