import type { Deps } from "./deps.ts";
import type { MessageRecord, MessageStatus, Surface } from "./model.ts";
import type { OutboxStore } from "./ports.ts";
import type { Sender } from "./sending.ts";

/** A sender plus whether sending the same message id twice can deliver it twice. */
export interface ResolvedSender {
  sender: Sender;
  /** True when the provider deduplicates on the message id, so a resend after a crash is safe. */
  idempotent: boolean;
  /** How long after a first attempt the provider still deduplicates; unset means forever. */
  idempotencyWindowSeconds?: number;
}

export interface DeliveryDeps extends Deps {
  /**
   * Builds the surface's sender. The outbox provider stores its entries into `outbox` when
   * given, so that a batch writes them in the transaction that records their statuses.
   */
  senderFor(surface: Surface, outbox?: OutboxStore): ResolvedSender;
}

export const FINAL_STATUSES: readonly MessageStatus[] = ["sent", "delivered", "failed", "skipped", "unknown"];

/**
 * Seconds a claimed (`sending`) message belongs to the consumer that claimed it. It must
 * exceed the longest provider call: an SMTP session is a handful of replies of up to 10 s
 * each. A message still `sending` past this lease was left by a consumer that died.
 */
export const SENDING_LEASE_SECONDS = 120;

/**
 * Returns whether a repeat of this message cannot deliver it twice: the provider deduplicates
 * on the message id and its window, counted from the message's creation, has not passed.
 */
export function canRepeat(resolved: ResolvedSender, message: MessageRecord, now: Date): boolean {
  if (!resolved.idempotent) {
    return false;
  }
  const window = resolved.idempotencyWindowSeconds;
  return window === undefined || now.getTime() - Date.parse(message.createdAt) < window * 1000;
}
