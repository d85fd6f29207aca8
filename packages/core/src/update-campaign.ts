import { patchVersionFields } from "./campaign-input.ts";
import type { Deps } from "./deps.ts";
import { HeraldError } from "./errors.ts";
import { newId } from "./ids.ts";
import { loadCampaign } from "./load-campaign.ts";
import type { Campaign, CampaignVersion } from "./model.ts";

/**
 * Edits a campaign's draft version with a JSON merge patch. A campaign that is live and has
 * no draft gets a new draft version copied from the live one, so the live version keeps
 * sending unchanged until the draft is activated.
 */
export async function updateCampaign(
  deps: Deps,
  sandboxId: string,
  campaignId: string,
  patch: unknown,
): Promise<Campaign> {
  const { campaign, live, draft } = await loadCampaign(deps, sandboxId, campaignId);
  if (campaign.status === "stopped" || campaign.status === "archived") {
    throw new HeraldError(
      "INVALID_STATE",
      `campaign ${campaignId} is ${campaign.status} and cannot change; duplicate it and edit the copy`,
    );
  }
  const base = draft ?? live;
  if (base === null) {
    throw new HeraldError("INTERNAL", `campaign ${campaignId} has no version`);
  }
  const fields = patchVersionFields(campaign.channel, base, patch);
  const now = deps.now().toISOString();
  const isNew = draft === null;
  const version: CampaignVersion = isNew
    ? { ...base, ...fields, id: newId("cv"), number: base.number + 1, variables: [], createdAt: now }
    : { ...base, ...fields };
  const updated: Campaign = { ...campaign, draftVersionId: version.id, updatedAt: now };
  if (!(await deps.store.saveDraft(updated, campaign.updatedAt, version, isNew))) {
    throw new HeraldError("CONFLICT", `campaign ${campaignId} changed during this update; retry`);
  }
  return updated;
}
