import {
  type DeliveryDeps,
  type DeliveryJob,
  type Logger,
  deadLetterMessage,
  deliverMessage,
  errorSummary,
} from "@herald/core";

/** The fallback delay when the consumer itself failed on a message: 2^attempts s, at most 5 min. */
function faultDelaySeconds(attempts: number): number {
  return Math.min(2 ** attempts, 300);
}

/**
 * Delivers a batch from one channel queue. Each message is acked or retried on its own, so
 * one failure never holds back or repeats the others. If this function dies halfway, every
 * message it did not ack comes back, and the ones already sent are acked without sending.
 */
export async function consumeDeliveries(batch: MessageBatch<DeliveryJob>, deps: DeliveryDeps, log: Logger) {
  for (const message of batch.messages) {
    try {
      const decision = await deliverMessage(deps, message.body);
      if (decision.action === "retry") {
        message.retry({ delaySeconds: decision.delaySeconds });
      } else {
        message.ack();
      }
    } catch (error) {
      const delaySeconds = faultDelaySeconds(message.attempts);
      log.error("delivery failed", {
        messageId: message.body?.messageId,
        attempt: message.attempts,
        delaySeconds,
        error: errorSummary(error),
      });
      message.retry({ delaySeconds });
    }
  }
}

/** Marks each message of a dead-letter batch `failed` (or `unknown`), acking it once recorded. */
export async function consumeDeadLetters(batch: MessageBatch<DeliveryJob>, deps: DeliveryDeps, log: Logger) {
  for (const message of batch.messages) {
    try {
      await deadLetterMessage(deps, message.body);
      message.ack();
    } catch (error) {
      const delaySeconds = faultDelaySeconds(message.attempts);
      log.error("dead letter failed", {
        messageId: message.body?.messageId,
        attempt: message.attempts,
        delaySeconds,
        error: errorSummary(error),
      });
      message.retry({ delaySeconds });
    }
  }
}
