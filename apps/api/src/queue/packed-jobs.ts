import type { DeliveryJob } from "@herald/core";

/**
 * The body of one delivery queue message: the ids of up to `MESSAGES_PER_QUEUE_MESSAGE`
 * messages of one channel, or a single `messageId` as older Workers sent.
 */
export type PackedJobs = { messageIds: string[] } | DeliveryJob;

/**
 * Message ids carried by one queue message. Packing divides the queue messages a trigger call
 * sends, and the queue's messages-per-second limit applies to queue messages, not to ids. With
 * the consumers' `max_batch_size` of 25 an invocation delivers at most 250 messages.
 */
export const MESSAGES_PER_QUEUE_MESSAGE = 10;

/** Groups delivery jobs into queue message bodies of at most `MESSAGES_PER_QUEUE_MESSAGE` ids. */
export function packJobs(jobs: DeliveryJob[]): PackedJobs[] {
  const bodies: PackedJobs[] = [];
  for (let start = 0; start < jobs.length; start += MESSAGES_PER_QUEUE_MESSAGE) {
    bodies.push({ messageIds: jobs.slice(start, start + MESSAGES_PER_QUEUE_MESSAGE).map((job) => job.messageId) });
  }
  return bodies;
}

function messageIdsOf(body: PackedJobs | undefined): string[] {
  if (body === undefined || body === null || typeof body !== "object") {
    return [];
  }
  if ("messageIds" in body && Array.isArray(body.messageIds)) {
    return body.messageIds.filter((id): id is string => typeof id === "string");
  }
  return "messageId" in body && typeof body.messageId === "string" ? [body.messageId] : [];
}

interface Decision {
  acked: boolean;
  retryDelaySeconds?: number;
}

/**
 * Presents a batch of packed queue messages as one queue message per message id, so the
 * consumer acks or retries each message on its own. `settle` then acks a queue message whose
 * ids were all acked, and retries it after the longest delay any of its ids requested. On
 * redelivery its final messages are acked without sending, so only the others are sent again.
 * A queue message with an id left undecided (the consumer died) is neither acked nor retried,
 * so the queue delivers it again. A body with no id is acked, since there is nothing to send.
 */
export function unpackBatch(batch: MessageBatch<PackedJobs>): { jobs: MessageBatch<DeliveryJob>; settle(): void } {
  const decisions = new Map<Message<PackedJobs>, Decision[]>();
  const messages: Message<DeliveryJob>[] = [];
  for (const packed of batch.messages) {
    const ids = messageIdsOf(packed.body);
    const slots: Decision[] = [];
    decisions.set(packed, slots);
    ids.forEach((messageId, index) => {
      const slot: Decision = { acked: false };
      slots.push(slot);
      messages.push({
        id: ids.length === 1 ? packed.id : `${packed.id}/${index}`,
        timestamp: packed.timestamp,
        attempts: packed.attempts,
        body: { messageId },
        ack: () => {
          slot.acked = true;
          delete slot.retryDelaySeconds;
        },
        retry: (options?: QueueRetryOptions) => {
          slot.acked = false;
          slot.retryDelaySeconds = options?.delaySeconds ?? 0;
        },
      });
    });
  }
  const jobs: MessageBatch<DeliveryJob> = {
    queue: batch.queue,
    metadata: batch.metadata,
    messages,
    ackAll: () => messages.forEach((message) => message.ack()),
    retryAll: (options?: QueueRetryOptions) => messages.forEach((message) => message.retry(options)),
  };
  const settle = () => {
    for (const [packed, slots] of decisions) {
      const retries = slots.flatMap((slot) => (slot.retryDelaySeconds === undefined ? [] : [slot.retryDelaySeconds]));
      if (retries.length > 0) {
        packed.retry({ delaySeconds: Math.max(...retries) });
      } else if (slots.every((slot) => slot.acked)) {
        packed.ack();
      }
    }
  };
  return { jobs, settle };
}
