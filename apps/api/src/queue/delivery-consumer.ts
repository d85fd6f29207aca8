import {
  type DeliveryDecision,
  type DeliveryDeps,
  type DeliveryJob,
  type Logger,
  deadLetterMessage,
  deliverMessages,
  errorSummary,
} from "@herald/core";

/** The fallback delay when the consumer itself failed on a message: 2^attempts s, at most 5 min. */
function faultDelaySeconds(attempts: number): number {
  return Math.min(2 ** attempts, 300);
}

/**
 * Delivers a batch from one channel queue with `deliverMessages`, which reads, claims and
 * records the whole batch at once. Each message is then acked or retried on its own, so one
 * failure never holds back or repeats the others. When the batch itself fails, every message
 * comes back: the ones already sent are acked without sending, the claimed ones wait for
 * their lease.
 */
export async function consumeDeliveries(batch: MessageBatch<DeliveryJob>, deps: DeliveryDeps, log: Logger) {
  let decisions: DeliveryDecision[];
  try {
    decisions = await deliverMessages(
      deps,
      batch.messages.map((message) => message.body),
    );
  } catch (error) {
    log.error("delivery batch failed", { messages: batch.messages.length, error: errorSummary(error) });
    for (const message of batch.messages) {
      message.retry({ delaySeconds: faultDelaySeconds(message.attempts) });
    }
    return;
  }
  for (const [index, message] of batch.messages.entries()) {
    const decision = decisions[index];
    if (decision?.action === "retry") {
      message.retry({ delaySeconds: decision.delaySeconds });
    } else {
      message.ack();
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
