import type { CampaignContent } from "./schemas/campaign.ts";
import type { Channel, PushTarget } from "./sending.ts";

export type Scope = "trigger" | "manage" | "read";

export const SCOPES: readonly Scope[] = ["trigger", "manage", "read"];

export interface Sandbox {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  sandboxId: string;
  sandboxName: string;
  name: string;
  secretHash: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
  /** This key's own rate limit; null uses the deployment's default. */
  rateLimit: RateLimit | null;
}

/** At most `limit` requests per `windowSeconds`. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** The message events a feedback webhook can receive. `message.bounced` waits for provider feedback. */
export const WEBHOOK_EVENT_TYPES = [
  "message.sent",
  "message.delivered",
  "message.failed",
  "message.bounced",
  "message.skipped",
  "message.unknown",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A sandbox's feedback endpoint. The secret signs each delivery and is shown once. */
export interface Webhook {
  id: string;
  sandboxId: string;
  url: string;
  secret: string;
  events: WebhookEventType[];
  createdAt: string;
  /** Set when the endpoint answered 410 Gone; nothing is sent to it after that. */
  disabledAt: string | null;
}

export interface Surface {
  id: string;
  sandboxId: string;
  channel: Channel;
  name: string;
  provider: string;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** The stored status; `scheduled` and `completed` are derived from the live version's dates. */
export type StoredCampaignStatus = "draft" | "live" | "stopped" | "archived";

export type CampaignStatus = StoredCampaignStatus | "scheduled" | "completed";

export interface Campaign {
  id: string;
  sandboxId: string;
  channel: Channel;
  status: StoredCampaignStatus;
  liveVersionId: string | null;
  draftVersionId: string | null;
  createdAt: string;
  updatedAt: string;
  activatedAt: string | null;
}

export interface CampaignVersion {
  id: string;
  campaignId: string;
  number: number;
  title: string;
  description: string | null;
  surfaceId: string;
  namespace: string;
  createProfiles: boolean;
  startAt: string | null;
  endAt: string | null;
  content: CampaignContent;
  defaults: Record<string, string>;
  variables: string[];
  createdAt: string;
}

/** A live campaign with everything a trigger call needs, as one cacheable unit. */
export interface LiveCampaign {
  campaign: Campaign;
  version: CampaignVersion;
  surface: Surface;
}

export interface Identity {
  namespace: string;
  value: string;
}

export interface Profile {
  id: string;
  sandboxId: string;
  attributes: Record<string, unknown>;
  createdBy: "interactive-messaging" | "api";
  identities: Identity[];
  createdAt: string;
  updatedAt: string;
}

export type MessageStatus =
  | "queued"
  | "sending"
  | "retrying"
  | "sent"
  | "delivered"
  | "failed"
  | "skipped"
  | "unknown";

/** The destination of a message, fixed at trigger time so the consumer never recomputes it. */
export type MessageAddress =
  | { channel: "email"; email: string }
  | { channel: "sms"; phone: string }
  | { channel: "push"; target: PushTarget };

export interface MessageRecord {
  id: string;
  sandboxId: string;
  executionId: string;
  campaignId: string;
  campaignVersionId: string;
  channel: Channel;
  recipientIndex: number;
  userId: string;
  namespace: string | null;
  profileId: string | null;
  address: MessageAddress;
  profileOverrides: Record<string, unknown> | null;
  context: Record<string, unknown> | null;
  status: MessageStatus;
  reason: string | null;
  attempts: number;
  providerMessageId: string | null;
  segments: number | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  /** When the message was last handed to its queue; null after a failed enqueue. */
  queuedAt: string | null;
}

export interface ExecutionRecord {
  id: string;
  sandboxId: string;
  campaignId: string;
  campaignVersionId: string;
  requestId: string;
  requestHash: string;
  response: TriggerResponse;
  createdAt: string;
}

export interface TriggerResponse {
  executionId: string;
  requestId: string;
  createdAt: string;
  recipients: { userId: string; messageId: string; status: MessageStatus }[];
}

export function identityKey(identity: Identity): string {
  return `${identity.namespace}\u0000${identity.value}`;
}
