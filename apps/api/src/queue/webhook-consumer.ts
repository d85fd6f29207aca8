import { type Logger, type WebhookDeliveryDeps, type WebhookJob, deliverWebhook } from "@herald/core";

/** Delivers a batch of webhook events, each acked or retried on its own. */
export async function consumeWebhooks(batch: MessageBatch<WebhookJob>, deps: WebhookDeliveryDeps, log: Logger) {
  for (const message of batch.messages) {
    try {
      const decision = await deliverWebhook(deps, message.body, message.attempts);
      if (decision.action === "retry") {
        message.retry({ delaySeconds: decision.delaySeconds });
      } else {
        message.ack();
      }
    } catch (error) {
      log.error("webhook delivery failed", {
        eventId: message.body?.eventId,
        attempt: message.attempts,
        error: error instanceof Error ? error.message : String(error),
      });
      message.retry({ delaySeconds: Math.min(2 ** message.attempts, 300) });
    }
  }
}

/** Logs each event whose retries ran out, then drops it: an event is not worth keeping forever. */
export function consumeDeadWebhooks(batch: MessageBatch<WebhookJob>, log: Logger) {
  for (const message of batch.messages) {
    log.warn("webhook event dropped", {
      webhookId: message.body?.webhookId,
      eventId: message.body?.eventId,
      type: message.body?.type,
      attempts: message.attempts,
    });
    message.ack();
  }
}
