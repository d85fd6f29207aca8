import type { Deps } from "./deps.ts";
import { HeraldError, notFound } from "./errors.ts";

/** Deletes a campaign that was never activated; any other campaign keeps its history. */
export async function deleteCampaign(deps: Deps, sandboxId: string, campaignId: string): Promise<void> {
  const campaign = await deps.store.getCampaign(sandboxId, campaignId);
  if (campaign === null) {
    throw notFound("campaign", campaignId);
  }
  if (campaign.status !== "draft") {
    throw new HeraldError(
      "INVALID_STATE",
      `campaign ${campaignId} is ${campaign.status}; only a draft can be deleted, so stop or archive it instead`,
    );
  }
  if (!(await deps.store.deleteDraftCampaign(sandboxId, campaignId))) {
    throw new HeraldError("CONFLICT", `campaign ${campaignId} changed during the delete; retry`);
  }
}
