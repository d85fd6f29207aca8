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
 * Delivers a batch from one channel queue with `deliverMessages`, which claims, sends and
 * records the whole batch together. Each message is then acked or retried by its own
 * decision, so one failure never holds back or repeats the others. When the batch itself
 * fails, every message comes back: the ones already sent are acked without sending, and the
 * claimed ones wait for their lease.
 */
export async function consumeDeliveries(batch: MessageBatch<DeliveryJob>, deps: DeliveryDeps, log: Logger) {
  const messages = batch.messages.filter((message) => {
    if (typeof message.body?.messageId === "string") {
      return true;
    }
    // No delivery can ever succeed without a message id, and retrying it would fail the
    // rest of every batch it lands in.
    log.error("delivery job invalid", { queueMessageId: message.id, attempt: message.attempts });
    message.ack();
    return false;
  });
  let decisions: DeliveryDecision[];
  try {
    decisions = await deliverMessages(
      deps,
      messages.map((message) => message.body),
    );
  } catch (error) {
    log.error("delivery batch failed", { messages: messages.length, error: errorSummary(error) });
    for (const message of messages) {
      message.retry({ delaySeconds: faultDelaySeconds(message.attempts) });
    }
    return;
  }
  for (const [index, message] of messages.entries()) {
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
