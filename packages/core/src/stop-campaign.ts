import type { Deps } from "./deps.ts";
import { HeraldError, notFound } from "./errors.ts";
import type { Campaign } from "./model.ts";

/** Stops a live, scheduled or completed campaign for good; later triggers are rejected. */
export async function stopCampaign(deps: Deps, sandboxId: string, campaignId: string): Promise<Campaign> {
  const campaign = await deps.store.getCampaign(sandboxId, campaignId);
  if (campaign === null) {
    throw notFound("campaign", campaignId);
  }
  if (campaign.status !== "live") {
    const hint = campaign.status === "draft" ? "delete the draft instead" : "it is already final";
    throw new HeraldError("INVALID_STATE", `campaign ${campaignId} is ${campaign.status} and cannot stop; ${hint}`);
  }
  const now = deps.now().toISOString();
  const stopped: Campaign = { ...campaign, status: "stopped", updatedAt: now };
  if (!(await deps.store.saveCampaign(stopped, campaign.updatedAt))) {
    throw new HeraldError("CONFLICT", `campaign ${campaignId} changed while stopping; retry`);
  }
  deps.log.info("campaign stopped", { sandboxId, campaignId });
  return stopped;
}
