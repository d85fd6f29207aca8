import type {
  ApiKeyRecord,
  Campaign,
  CampaignVersion,
  ExecutionRecord,
  Identity,
  LiveCampaign,
  MessageRecord,
  MessageStatus,
  Profile,
  Sandbox,
  Surface,
  Webhook,
  WebhookEventType,
} from "./model.ts";
import type { PagePosition } from "./page-cursor.ts";
import type { Channel, RenderedMessage } from "./sending.ts";

/** A profile to create when it does not exist yet; the store must create at most one. */
export interface NewProfile {
  id: string;
  sandboxId: string;
  identity: Identity;
  createdAt: string;
}

/**
 * The idempotency key a trigger call holds. It is `claiming` from the call's read batch
 * until its write batch commits, then `done`. It is `pending` while some of the execution's
 * messages could not be enqueued, and it frees the key at `expiresAt`.
 */
export interface IdempotencyClaim {
  sandboxId: string;
  key: string;
  requestHash: string;
  state: "claiming" | "pending" | "done";
  executionId: string;
  createdAt: string;
  expiresAt: string;
  /** Null while `claiming`: the execution is written by the claim's write batch. */
  execution: ExecutionRecord | null;
}

/** The claim a trigger call makes in its read batch. */
export interface ClaimRequest {
  key: string;
  executionId: string;
  requestHash: string;
  createdAt: string;
  expiresAt: string;
  /** A `claiming` claim created before this instant belongs to a call that died; it is taken over. */
  staleBefore: string;
  /** Header keys recorded as `done` claims of the same execution once it is written. */
  aliases?: string[];
}

/** Everything one accepted trigger call writes, in one atomic batch. */
export interface ExecutionWrite {
  /** The key claimed for this call; an expired claim on the same key is replaced. */
  claim: { key: string; createdAt: string; expiresAt: string; aliases?: string[] };
  execution: ExecutionRecord;
  newProfiles: NewProfile[];
  /** Messages whose `profileId` is null but whose identity is set get the profile that owns it. */
  messages: { record: MessageRecord; identity: Identity | null }[];
}

export interface TriggerState {
  /** The unexpired claim on the call's key, if another call made one. */
  claim: IdempotencyClaim | null;
  profiles: Map<string, Profile>;
}

/** The data a queue consumer needs to render and send one message. */
export interface DeliveryState {
  message: MessageRecord;
  version: CampaignVersion;
  surface: Surface;
  profile: Profile | null;
}

export interface StatusUpdate {
  status: MessageStatus;
  reason?: string | null;
  providerMessageId?: string | null;
  segments?: number | null;
  sentAt?: string | null;
  /** Clears the stored context and profile overrides once the message no longer needs them. */
  clearPayload?: boolean;
}

export interface AccessStore {
  findApiKey(keyId: string): Promise<ApiKeyRecord | null>;
  createApiKey(key: ApiKeyRecord): Promise<void>;
  listApiKeys(sandboxId: string): Promise<ApiKeyRecord[]>;
  /** Sets `revokedAt` on a key of this sandbox unless it is already revoked; false when none matched. */
  revokeApiKey(sandboxId: string, keyId: string, now: string): Promise<boolean>;
  createSandbox(sandbox: Sandbox, key: ApiKeyRecord): Promise<void>;
  findSandboxByName(name: string): Promise<Sandbox | null>;
}

export interface WebhookStore {
  createWebhook(webhook: Webhook): Promise<void>;
  listWebhooks(sandboxId: string): Promise<Webhook[]>;
  getWebhook(id: string): Promise<Webhook | null>;
  /** Returns false when the sandbox has no such webhook. */
  deleteWebhook(sandboxId: string, id: string): Promise<boolean>;
  disableWebhook(id: string, now: string): Promise<void>;
}

/** One event for one webhook: the queue job, which carries the whole payload. */
export interface WebhookJob {
  webhookId: string;
  /** The `webhook-id` header: the same for every attempt, so receivers can deduplicate. */
  eventId: string;
  type: WebhookEventType;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface WebhookQueue {
  enqueueWebhooks(jobs: WebhookJob[]): Promise<void>;
}

export interface SurfaceStore {
  createSurface(surface: Surface): Promise<void>;
  getSurface(sandboxId: string, id: string): Promise<Surface | null>;
  listSurfaces(sandboxId: string): Promise<Surface[]>;
  /** Saves a changed surface, failing when its `updatedAt` moved since `expectedUpdatedAt`. */
  updateSurface(surface: Surface, expectedUpdatedAt: string): Promise<boolean>;
  /** Deletes the surface unless a campaign version uses it; returns whether it was deleted. */
  deleteUnusedSurface(sandboxId: string, id: string): Promise<boolean>;
  /** Ids of the campaigns with a version that uses the surface. */
  campaignsUsingSurface(sandboxId: string, id: string): Promise<string[]>;
}

/** The result of a profile write that may collide with another profile's identity. */
export type ProfileWrite = { ok: true } | { ok: false; reason: "stale" } | { ok: false; reason: "taken"; taken: Identity[] };

export interface ProfileStore {
  createProfile(profile: Profile): Promise<ProfileWrite>;
  getProfile(sandboxId: string, id: string): Promise<Profile | null>;
  findProfile(sandboxId: string, identity: Identity): Promise<Profile | null>;
  /** Profiles newest first, one page of the window. */
  listProfiles(sandboxId: string, window: ListWindow): Promise<Profile[]>;
  /**
   * Saves changed attributes and, when `identities` is set, replaces the profile's identities,
   * only while its `updatedAt` is still `expectedUpdatedAt`.
   */
  updateProfile(profile: Profile, expectedUpdatedAt: string, replaceIdentities: boolean): Promise<ProfileWrite>;
  deleteProfile(sandboxId: string, id: string): Promise<boolean>;
}

export interface CampaignStore {
  createCampaign(campaign: Campaign, version: CampaignVersion): Promise<void>;
  getCampaign(sandboxId: string, id: string): Promise<Campaign | null>;
  listCampaigns(sandboxId: string): Promise<Campaign[]>;
  getVersion(versionId: string): Promise<CampaignVersion | null>;
  updateVersion(version: CampaignVersion): Promise<void>;
  /** Saves a changed campaign row, failing when its `updatedAt` moved since `expectedUpdatedAt`. */
  saveCampaign(campaign: Campaign, expectedUpdatedAt: string): Promise<boolean>;
  getLiveCampaign(sandboxId: string, id: string): Promise<LiveCampaign | null>;
  /**
   * Saves a draft version (inserted when `isNew`, else updated) with its campaign row, only
   * while the campaign's `updatedAt` is still `expectedUpdatedAt`; returns whether it saved.
   */
  saveDraft(campaign: Campaign, expectedUpdatedAt: string, draft: CampaignVersion, isNew: boolean): Promise<boolean>;
  /** Deletes a campaign and its versions while its status is `draft`; returns whether it did. */
  deleteDraftCampaign(sandboxId: string, id: string): Promise<boolean>;
}

export interface TriggerStore {
  /**
   * Claims the key in one read batch with the profile lookup: inserts a `claiming` claim, or
   * takes over one that expired or went stale, then reads the claim that holds the key. The
   * caller holds it when the claim's `executionId` is its own.
   */
  loadTriggerState(sandboxId: string, claim: ClaimRequest, identities: Identity[]): Promise<TriggerState>;
  /**
   * Writes the execution and marks its claim `done`, or writes nothing and returns false
   * when another execution holds an unexpired claim on the key.
   */
  writeExecution(write: ExecutionWrite): Promise<boolean>;
  /** Deletes a `claiming` claim of this execution, when its call failed before writing. */
  releaseClaim(sandboxId: string, key: string, executionId: string): Promise<void>;
  findClaim(sandboxId: string, key: string, now: string): Promise<IdempotencyClaim | null>;
  /** Marks the claim `done` once the execution's messages are on the queue. */
  completeClaim(sandboxId: string, key: string, executionId: string): Promise<void>;
}

/** A message taken for enqueueing by `claimUnqueued`. */
export interface UnqueuedMessage {
  id: string;
  channel: Channel;
}

/**
 * Tracks which `queued` messages are on their queue. A message is written with `queuedAt`
 * set, because the trigger enqueues it right after the write batch. Only a failed enqueue
 * costs a write: it clears `queuedAt`, so the sweep finds exactly those messages.
 */
export interface QueueStateStore {
  /**
   * Clears `queuedAt` on messages whose enqueue failed. With `claim`, it also marks that
   * claim `pending`, so the next call with its key enqueues them before replaying.
   */
  markUnqueued(messageIds: string[], claim?: { sandboxId: string; key: string }): Promise<void>;
  /**
   * Sets `queuedAt` to `now` on up to `limit` `queued` messages whose `queuedAt` is null or
   * before `staleBefore`, and returns them. Two concurrent callers never get the same message.
   */
  claimUnqueued(options: {
    now: string;
    limit: number;
    staleBefore?: string;
    executionId?: string;
  }): Promise<UnqueuedMessage[]>;
}

export interface ExecutionStore {
  getExecution(sandboxId: string, id: string): Promise<ExecutionRecord | null>;
  listExecutionMessages(executionId: string): Promise<MessageRecord[]>;
}

export interface DeliveryStore {
  loadDelivery(messageId: string): Promise<DeliveryState | null>;
  /**
   * Moves the message to `sending` and counts an attempt if its status is one of `from` (and,
   * when given, its `updatedAt` is still `expectedUpdatedAt`); returns false otherwise.
   */
  claimMessage(messageId: string, from: MessageStatus[], now: string, expectedUpdatedAt?: string): Promise<boolean>;
  updateMessage(messageId: string, update: StatusUpdate, now: string): Promise<void>;
  /**
   * Moves each listed message that is `queued` or `retrying` to `sending` and counts an
   * attempt, then reads the delivery state of every listed message, in one round trip. The
   * states are read after the claim, so a claimed message shows `sending` with its new count.
   */
  claimDeliveries(messageIds: string[], now: string, options: { webhooks: boolean }): Promise<ClaimedDeliveries>;
  /** Writes a batch's outcomes, outbox entries and gone push targets in one transaction. */
  recordDeliveries(write: DeliveryWrite, now: string): Promise<void>;
}

/** The result of `claimDeliveries` for a batch of message ids. */
export interface ClaimedDeliveries {
  /** Ids of the messages this call moved to `sending`. */
  claimed: Set<string>;
  /** The state of every listed message found with its version and surface, by message id. */
  states: Map<string, DeliveryState>;
  /** The push targets of the batch's push messages that are marked gone. */
  goneTargets: PushTargetRecord[];
  /** The webhooks of the batch's sandboxes; empty unless `options.webhooks` was set. */
  webhooks: Webhook[];
}

/** One batch's writes: status updates, outbox entries and push targets to mark gone. */
export interface DeliveryWrite {
  updates: { messageId: string; update: StatusUpdate }[];
  outbox: OutboxEntry[];
  /**
   * Push targets to save as gone. A target that exists keeps its `createdAt`, and keeps its
   * `profileId` when the new one is null.
   */
  goneTargets: PushTargetRecord[];
}

export interface MessageStore {
  getMessage(sandboxId: string, id: string): Promise<MessageRecord | null>;
  getOutboxEntry(messageId: string): Promise<OutboxEntry | null>;
}

/** A time range and page of a list sorted newest first; times are ISO instants. */
export interface ListWindow {
  since?: string;
  until?: string;
  /** Only rows older than this position, to fetch the page after it. */
  before?: PagePosition;
  limit: number;
}

export interface MessageFilter extends ListWindow {
  statuses?: MessageStatus[];
  campaignId?: string;
  executionId?: string;
  channel?: Channel;
  userId?: string;
}

export interface ExecutionFilter extends ListWindow {
  campaignId?: string;
}

export interface StatusCount {
  status: MessageStatus;
  count: number;
}

/** Messages created in one UTC hour with one status; `hour` is an instant such as `2026-05-01T10:00:00.000Z`. */
export interface HourlyStatusCount extends StatusCount {
  hour: string;
}

/** Read-only queries behind the message and execution lists and their charts. */
export interface ActivityStore {
  listMessages(sandboxId: string, filter: MessageFilter): Promise<MessageRecord[]>;
  listExecutions(sandboxId: string, filter: ExecutionFilter): Promise<ExecutionRecord[]>;
  countStatusesByExecution(executionIds: string[]): Promise<Map<string, StatusCount[]>>;
  countMessagesByHour(
    sandboxId: string,
    filter: { since: string; campaignId?: string; channel?: Channel },
  ): Promise<HourlyStatusCount[]>;
}

export interface OutboxEntry {
  messageId: string;
  channel: Channel;
  rendered: RenderedMessage;
  createdAt: string;
}

/** Storage for the messages the outbox provider would have sent. */
export interface OutboxStore {
  putOutboxEntry(entry: OutboxEntry): Promise<void>;
}

/**
 * A push subscription endpoint or device token Herald has learned about. A target the push
 * service reported gone (404, 410, FCM UNREGISTERED) stays gone: browsers and apps replace it
 * with a new one rather than revive it.
 */
export interface PushTargetRecord {
  sandboxId: string;
  /** The Web Push endpoint URL or the device token. */
  key: string;
  kind: "web" | "token";
  profileId: string | null;
  status: "active" | "gone";
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PushTargetStore {
  getPushTarget(sandboxId: string, key: string): Promise<PushTargetRecord | null>;
  /** Inserts the target or overwrites its status, reason, profile and `updatedAt`. */
  savePushTarget(target: PushTargetRecord): Promise<void>;
}

export type Store = AccessStore &
  WebhookStore &
  ProfileStore &
  SurfaceStore &
  CampaignStore &
  TriggerStore &
  QueueStateStore &
  ExecutionStore &
  DeliveryStore &
  MessageStore &
  ActivityStore &
  PushTargetStore &
  OutboxStore;

/** The body of one queue message: the consumer loads the rest by id. */
export interface DeliveryJob {
  messageId: string;
}

export interface MessageQueue {
  /**
   * Sends the jobs in order. On failure it throws, ideally an `EnqueueError` with the number
   * of leading jobs sent, because any other error counts as none sent.
   */
  enqueue(channel: Channel, jobs: DeliveryJob[]): Promise<void>;
}
