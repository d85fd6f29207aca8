import type { OutboxStore, Sender } from "@herald/core";

/**
 * Stores each rendered message instead of sending it, so the whole flow works with nothing
 * else installed. Idempotent: a second send of one message id keeps the first entry.
 */
export function outboxSender(store: OutboxStore, now: () => Date = () => new Date()): Sender {
  return {
    async send({ messageId, rendered }) {
      await store.putOutboxEntry({
        messageId,
        channel: rendered.channel,
        rendered,
        createdAt: now().toISOString(),
      });
      return { kind: "sent", providerMessageId: `outbox_${messageId}` };
    },
  };
}
