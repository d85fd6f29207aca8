import type { Deps } from "./deps.ts";
import { HeraldError, errorSummary } from "./errors.ts";
import type { Channel } from "./sending.ts";

/** A failed queue send, with the number of leading jobs that reached the queue before it failed. */
export class EnqueueError extends Error {
  readonly sent: number;

  constructor(message: string, sent: number, options?: ErrorOptions) {
    super(message, options);
    this.name = "EnqueueError";
    this.sent = sent;
  }
}

/** The `Retry-After` seconds of a call whose queue send was rejected. */
export const QUEUE_RETRY_AFTER_SECONDS = 5;

export interface EnqueueContext {
  executionId?: string;
  /** The trigger call's claim, marked `pending` when some messages were not sent. */
  claim?: { sandboxId: string; key: string };
}

/**
 * Puts messages on their channel's queue. When the queue rejects them, the messages not sent
 * are marked unqueued, so the sweep or a retry of the call sends them later, and the call
 * fails with a retryable 503 `QUEUE_UNAVAILABLE`.
 */
export async function enqueueMessages(
  deps: Deps,
  channel: Channel,
  messageIds: string[],
  context: EnqueueContext = {},
): Promise<void> {
  try {
    await deps.queue.enqueue(
      channel,
      messageIds.map((messageId) => ({ messageId })),
    );
  } catch (error) {
    const sent = error instanceof EnqueueError ? error.sent : 0;
    const unsent = messageIds.slice(sent);
    deps.log.error("enqueue failed", {
      executionId: context.executionId,
      channel,
      sent,
      unsent: unsent.length,
      error: errorSummary(error),
    });
    await markUnqueued(deps, unsent, context);
    throw new HeraldError(
      "QUEUE_UNAVAILABLE",
      "the delivery queue is unavailable; the messages are recorded and will be sent, so retry with the same requestId to confirm",
      { retryAfterSeconds: QUEUE_RETRY_AFTER_SECONDS },
    );
  }
}

/** Marks messages unqueued. If even that fails, the sweep finds them once they count as stale. */
export async function markUnqueued(deps: Deps, messageIds: string[], context: EnqueueContext = {}) {
  try {
    await deps.store.markUnqueued(messageIds, context.claim);
  } catch (error) {
    deps.log.error("marking messages unqueued failed", {
      executionId: context.executionId,
      messages: messageIds.length,
      error: errorSummary(error),
    });
  }
}
