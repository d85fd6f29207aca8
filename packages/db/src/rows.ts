import type {
  ApiKeyRecord,
  Campaign,
  CampaignVersion,
  Channel,
  ExecutionRecord,
  MessageRecord,
  Scope,
  Surface,
} from "@herald/core";
import type { apiKeys, campaignVersions, campaigns, executions, messages, surfaces } from "./schema/index.ts";

type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];

export function toSurface(row: Row<typeof surfaces>): Surface {
  return { ...row, channel: row.channel as Channel };
}

export function toCampaign(row: Row<typeof campaigns>): Campaign {
  return { ...row };
}

export function toVersion(row: Row<typeof campaignVersions>): CampaignVersion {
  return { ...row };
}

export function toExecution(row: Row<typeof executions>): ExecutionRecord {
  return { ...row };
}

export function toMessage(row: Row<typeof messages>): MessageRecord {
  return { ...row };
}

export function toApiKey(row: Row<typeof apiKeys>, sandboxName: string): ApiKeyRecord {
  const { rateLimit: limit, rateLimitWindowSeconds: windowSeconds, ...key } = row;
  const rateLimit = limit !== null && windowSeconds !== null ? { limit, windowSeconds } : null;
  return { ...key, scopes: row.scopes as Scope[], sandboxName, rateLimit };
}
