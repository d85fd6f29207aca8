import type { Deps } from "./deps.ts";
import { HeraldError, notFound } from "./errors.ts";
import type { Campaign, CampaignVersion, Surface } from "./model.ts";
import { type ReviewProblem, type ReviewResult, reviewCampaign } from "./review-campaign.ts";
import { type SecretAccess, secretReferences } from "./secret-grants.ts";

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
  if (surface !== null && deps.secretAccess) {
    const problems = secretProblems(surface, await deps.secretAccess());
    review.problems.push(...problems);
    review.ready = review.problems.length === 0;
  }
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

function secretProblems(surface: Surface, access: SecretAccess): ReviewProblem[] {
  return secretReferences(surface.settings).flatMap(({ path, name }) => {
    if (!access.isGranted(surface.sandboxId, name)) {
      return [
        {
          path: "surfaceId",
          code: "SECRET_NOT_GRANTED",
          message: `surface ${surface.id} setting ${path} names secret ${name}, which is not granted to this sandbox; the operator must add it to PROVIDER_SECRETS`,
        },
      ];
    }
    if (access.value(surface.sandboxId, name) === undefined) {
      return [
        {
          path: "surfaceId",
          code: "SECRET_NOT_SET",
          message: `surface ${surface.id} setting ${path} names secret ${name}, which is not set; set it with wrangler secret put ${name}`,
        },
      ];
    }
    return [];
  });
}
