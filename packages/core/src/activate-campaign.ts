import type { Deps } from "./deps.ts";
import { HeraldError, notFound } from "./errors.ts";
import type { Campaign, CampaignVersion } from "./model.ts";
import { type ReviewResult, reviewCampaign } from "./review-campaign.ts";

/** Loads a campaign's draft version (or its live one when it has no draft) with its review. */
export async function reviewCampaignById(
  deps: Deps,
  sandboxId: string,
  campaignId: string,
): Promise<{ campaign: Campaign; version: CampaignVersion; review: ReviewResult }> {
  const campaign = await deps.store.getCampaign(sandboxId, campaignId);
  if (campaign === null) {
    throw notFound("campaign", campaignId);
  }
  const versionId = campaign.draftVersionId ?? campaign.liveVersionId;
  const version = versionId === null ? null : await deps.store.getVersion(versionId);
  if (version === null) {
    throw notFound("campaign version of", campaignId);
  }
  const surface = await deps.store.getSurface(sandboxId, version.surfaceId);
  const review = reviewCampaign({ channel: campaign.channel, version, surface, now: deps.now() });
  return { campaign, version, review };
}

/** Reviews the draft and makes it the live version, or rejects with every problem found. */
export async function activateCampaign(
  deps: Deps,
  sandboxId: string,
  campaignId: string,
): Promise<Campaign> {
  const { campaign, version, review } = await reviewCampaignById(deps, sandboxId, campaignId);
  if (campaign.status === "stopped" || campaign.status === "archived") {
    throw new HeraldError(
      "INVALID_STATE",
      `campaign ${campaignId} is ${campaign.status}; duplicate it to start again`,
    );
  }
  if (campaign.draftVersionId === null) {
    throw new HeraldError("INVALID_STATE", `campaign ${campaignId} has no draft to activate`);
  }
  if (!review.ready) {
    throw new HeraldError(
      "CAMPAIGN_NOT_READY",
      `campaign ${campaignId} has ${review.problems.length} problem(s) to fix before activation`,
      { details: review.problems },
    );
  }
  await deps.store.updateVersion({ ...version, variables: review.variables });
  const now = deps.now().toISOString();
  const activated: Campaign = {
    ...campaign,
    status: "live",
    liveVersionId: version.id,
    draftVersionId: null,
    activatedAt: now,
    updatedAt: now,
  };
  if (!(await deps.store.saveCampaign(activated, campaign.updatedAt))) {
    throw new HeraldError("CONFLICT", `campaign ${campaignId} changed during activation; retry`);
  }
  return activated;
}
