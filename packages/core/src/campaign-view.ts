import { effectiveStatus } from "./campaign-status.ts";
import type { Campaign, CampaignVersion } from "./model.ts";

function versionView(version: CampaignVersion | null) {
  if (version === null) {
    return null;
  }
  return {
    id: version.id,
    number: version.number,
    title: version.title,
    description: version.description,
    surfaceId: version.surfaceId,
    namespace: version.namespace,
    createProfiles: version.createProfiles,
    startAt: version.startAt,
    endAt: version.endAt,
    content: version.content,
    defaults: version.defaults,
    variables: version.variables,
    createdAt: version.createdAt,
  };
}

/** Shapes a campaign for the API: its derived status plus its live and draft versions. */
export function campaignView(
  campaign: Campaign,
  live: CampaignVersion | null,
  draft: CampaignVersion | null,
  now: Date,
) {
  return {
    id: campaign.id,
    type: "api-triggered",
    channel: campaign.channel,
    status: effectiveStatus(campaign, live, now),
    createdAt: campaign.createdAt,
    updatedAt: campaign.updatedAt,
    activatedAt: campaign.activatedAt,
    live: versionView(live),
    draft: versionView(draft),
  };
}
