import { campaignView } from "./campaign-view.ts";
import type { Deps } from "./deps.ts";
import { loadCampaign, loadVersions } from "./load-campaign.ts";
import type { CampaignVersion } from "./model.ts";
import { sampleRequest } from "./sample-request.ts";

/** Returns a campaign with its live and draft versions. */
export async function getCampaign(deps: Deps, sandboxId: string, campaignId: string) {
  const { campaign, live, draft } = await loadCampaign(deps, sandboxId, campaignId);
  return campaignView(campaign, live, draft, deps.now());
}

export async function listCampaigns(deps: Deps, sandboxId: string) {
  const campaigns = await deps.store.listCampaigns(sandboxId);
  return Promise.all(
    campaigns.map(async (campaign) => {
      const { live, draft } = await loadVersions(deps, campaign);
      return campaignView(campaign, live, draft, deps.now());
    }),
  );
}

/** Builds the ready-to-run trigger request for the live version, or the draft before activation. */
export async function getSampleRequest(deps: Deps, sandboxId: string, campaignId: string, baseUrl: string) {
  const { campaign, live, draft } = await loadCampaign(deps, sandboxId, campaignId);
  const version = (live ?? draft) as CampaignVersion;
  const surface = await deps.store.getSurface(sandboxId, version.surfaceId);
  return sampleRequest(campaign.id, campaign.channel, version, baseUrl, surface);
}
