import type { Deps } from "./deps.ts";
import { newId } from "./ids.ts";
import type { MessageRecord, MessageStatus, WebhookEventType } from "./model.ts";
import type { StatusUpdate, WebhookJob } from "./ports.ts";

const EVENT_OF: Partial<Record<MessageStatus, WebhookEventType>> = {
  sent: "message.sent",
  delivered: "message.delivered",
  failed: "message.failed",
  skipped: "message.skipped",
  unknown: "message.unknown",
};

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
    const occurredAt = deps.now().toISOString();
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
    const jobs: WebhookJob[] = webhooks
      .filter((webhook) => webhook.disabledAt === null && webhook.events.includes(type))
      .map((webhook) => ({ webhookId: webhook.id, eventId: newId("evt"), type, occurredAt, data }));
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
