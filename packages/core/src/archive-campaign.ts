import { effectiveStatus } from "./campaign-status.ts";
import type { Deps } from "./deps.ts";
import { HeraldError } from "./errors.ts";
import { loadCampaign } from "./load-campaign.ts";
import type { Campaign } from "./model.ts";

/** Archives a stopped or completed campaign, which hides nothing but forbids every change. */
export async function archiveCampaign(deps: Deps, sandboxId: string, campaignId: string): Promise<Campaign> {
  const { campaign, live } = await loadCampaign(deps, sandboxId, campaignId);
  const status = effectiveStatus(campaign, live, deps.now());
  if (status !== "stopped" && status !== "completed") {
    const hint = status === "draft" ? "delete the draft instead" : "stop it first";
    throw new HeraldError("INVALID_STATE", `campaign ${campaignId} is ${status} and cannot be archived; ${hint}`);
  }
  const archived: Campaign = { ...campaign, status: "archived", updatedAt: deps.now().toISOString() };
  if (!(await deps.store.saveCampaign(archived, campaign.updatedAt))) {
    throw new HeraldError("CONFLICT", `campaign ${campaignId} changed while archiving; retry`);
  }
  return archived;
}
