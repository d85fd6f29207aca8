// The API's response bodies, as the console reads them.

export type Channel = "email" | "sms" | "push";

export const CHANNELS: readonly Channel[] = ["email", "sms", "push"];

export const CHANNEL_NAMES: Record<Channel, string> = { email: "Email", sms: "SMS", push: "Push" };

/** Channel names as they read inside a sentence. */
export const CHANNEL_WORDS: Record<Channel, string> = { email: "email", sms: "SMS", push: "push" };

export interface Surface {
  id: string;
  channel: Channel;
  name: string;
  provider: string;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignVersion {
  id: string;
  number: number;
  title: string;
  description: string | null;
  surfaceId: string;
  namespace: string;
  createProfiles: boolean;
  startAt: string | null;
  endAt: string | null;
  content: Record<string, unknown>;
  defaults: Record<string, string>;
  variables: string[];
  createdAt: string;
}

export interface Campaign {
  id: string;
  channel: Channel;
  status: string;
  createdAt: string;
  updatedAt: string;
  activatedAt: string | null;
  live: CampaignVersion | null;
  draft: CampaignVersion | null;
}

export interface ReviewProblem {
  path: string;
  code: string;
  message: string;
}

export interface Message {
  messageId: string;
  executionId: string;
  campaignId: string;
  channel: Channel;
  userId: string;
  status: string;
  reason: string | null;
  attempts: number;
  segments: number | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ExecutionSummary {
  executionId: string;
  requestId: string;
  campaignId: string;
  createdAt: string;
  recipients: number;
  statuses: Record<string, number>;
}

export interface Execution {
  executionId: string;
  requestId: string;
  campaignId: string;
  createdAt: string;
  recipients: Message[];
}

export interface HourlyStats {
  from: string;
  to: string;
  statuses: string[];
  buckets: { start: string; total: number; counts: Record<string, number> }[];
}

/** The version the console edits: the draft when there is one, else the live version. */
export function currentVersion(campaign: Campaign): CampaignVersion | null {
  return campaign.draft ?? campaign.live;
}
