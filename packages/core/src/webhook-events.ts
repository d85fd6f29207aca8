import type { Deps } from "./deps.ts";
import { errorSummary } from "./errors.ts";
import { newId } from "./ids.ts";
import type { MessageRecord, MessageStatus, Webhook, WebhookEventType } from "./model.ts";
import type { StatusUpdate, WebhookJob } from "./ports.ts";

const EVENT_OF: Partial<Record<MessageStatus, WebhookEventType>> = {
  sent: "message.sent",
  delivered: "message.delivered",
  failed: "message.failed",
  skipped: "message.skipped",
  unknown: "message.unknown",
};

/** A status just recorded on a message, for which its sandbox's webhooks may want an event. */
export interface MessageEvent {
  message: MessageRecord;
  update: StatusUpdate;
}

/** Builds one job per enabled webhook of the message's sandbox subscribed to the status's event. */
function eventJobs(webhooks: readonly Webhook[], event: MessageEvent, occurredAt: string): WebhookJob[] {
  const { message, update } = event;
  const type = EVENT_OF[update.status];
  if (type === undefined) {
    return [];
  }
  const data = {
    messageId: message.id,
    executionId: message.executionId,
    campaignId: message.campaignId,
    channel: message.channel,
    userId: message.userId,
    status: update.status,
    reason: update.reason ?? null,
    providerMessageId: update.providerMessageId ?? null,
  };
  return webhooks
    .filter((webhook) => webhook.sandboxId === message.sandboxId)
    .filter((webhook) => webhook.disabledAt === null && webhook.events.includes(type))
    .map((webhook) => ({ webhookId: webhook.id, eventId: newId("evt"), type, occurredAt, data }));
}

/**
 * Queues the events of a batch of recorded statuses in one send, given the webhooks of their
 * sandboxes. Only final statuses have events. A failure here is logged and swallowed: the
 * statuses are already recorded, and failing the delivery would not bring the events back.
 */
export async function emitMessageEvents(deps: Deps, events: readonly MessageEvent[], webhooks: readonly Webhook[]) {
  if (deps.webhooks === undefined || webhooks.length === 0) {
    return;
  }
  const occurredAt = deps.now().toISOString();
  const jobs = events.flatMap((event) => eventJobs(webhooks, event, occurredAt));
  if (jobs.length === 0) {
    return;
  }
  try {
    await deps.webhooks.enqueueWebhooks(jobs);
  } catch (error) {
    deps.log.error("webhook events not queued", {
      events: jobs.length,
      messageIds: [...new Set(jobs.map((job) => String(job.data.messageId)))].join(","),
      error: errorSummary(error),
    });
  }
}

/**
 * Queues one event per subscribed webhook of the message's sandbox for a final status. A
 * failure here is logged and swallowed: the status is already recorded, and failing the
 * delivery would not bring the event back.
 */
export async function emitMessageEvent(deps: Deps, message: MessageRecord, update: StatusUpdate): Promise<void> {
  const type = EVENT_OF[update.status];
  if (deps.webhooks === undefined || type === undefined) {
    return;
  }
  try {
    const webhooks = await deps.store.listWebhooks(message.sandboxId);
    const jobs = eventJobs(webhooks, { message, update }, deps.now().toISOString());
    if (jobs.length > 0) {
      await deps.webhooks.enqueueWebhooks(jobs);
    }
  } catch (error) {
    deps.log.error("webhook event not queued", {
      messageId: message.id,
      type,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
