import { insertDraftCampaign } from "./create-campaign.ts";
import type { Deps } from "./deps.ts";
import { HeraldError } from "./errors.ts";
import { loadCampaign } from "./load-campaign.ts";
import type { Campaign } from "./model.ts";

const TITLE_MAX = 200;
const COPY_SUFFIX = " (copy)";

/** Starts a new draft campaign from a campaign's latest version, in any status. */
export async function duplicateCampaign(deps: Deps, sandboxId: string, campaignId: string): Promise<Campaign> {
  const { campaign, live, draft } = await loadCampaign(deps, sandboxId, campaignId);
  const source = draft ?? live;
  if (source === null) {
    throw new HeraldError("INTERNAL", `campaign ${campaignId} has no version`);
  }
  const title = `${source.title.slice(0, TITLE_MAX - COPY_SUFFIX.length)}${COPY_SUFFIX}`;
  const { campaign: copy } = await insertDraftCampaign(deps, sandboxId, campaign.channel, {
    title,
    description: source.description,
    surfaceId: source.surfaceId,
    namespace: source.namespace,
    createProfiles: source.createProfiles,
    startAt: source.startAt,
    endAt: source.endAt,
    content: source.content,
    defaults: source.defaults,
  });
  return copy;
}
