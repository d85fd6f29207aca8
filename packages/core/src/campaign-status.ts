import type { Campaign, CampaignStatus, CampaignVersion } from "./model.ts";

/** Derives `scheduled` and `completed` from a live campaign's dates. */
export function effectiveStatus(
  campaign: Campaign,
  liveVersion: CampaignVersion | null,
  now: Date,
): CampaignStatus {
  if (campaign.status !== "live" || liveVersion === null) {
    return campaign.status;
  }
  const instant = now.toISOString();
  if (liveVersion.startAt && instant < liveVersion.startAt) {
    return "scheduled";
  }
  if (liveVersion.endAt && instant >= liveVersion.endAt) {
    return "completed";
  }
  return "live";
}
