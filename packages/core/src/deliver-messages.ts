import type { DeliveryDeps } from "./delivery-deps.ts";
import { type BatchPlan, planBatch, senderLookup } from "./delivery-plan.ts";
import type { DeliveryJob, OutboxEntry, OutboxStore } from "./ports.ts";
import { type DeliveryDecision, recordOutcomes } from "./record-outcome.ts";
import { type Sendable, attemptSends } from "./send-attempts.ts";

/** Provider sends in flight at once in one batch, unless the caller sets `sendConcurrency`. */
export const DEFAULT_SEND_CONCURRENCY = 8;

export interface DeliverOptions {
  /** Provider sends in flight at once; a batch of 100 opens at most this many connections. */
  sendConcurrency?: number;
}

/** An outbox that keeps entries in memory until the batch writes them with its statuses. */
class OutboxBuffer implements OutboxStore {
  readonly entries: OutboxEntry[] = [];

  async putOutboxEntry(entry: OutboxEntry) {
    this.entries.push(entry);
  }
}

/**
 * Delivers a batch of queued messages and records every outcome. Returns, for each job in
 * order, whether its queue message is done (`ack`) or must come back later (`retry`).
 *
 * One round trip claims the batch's `queued` and `retrying` messages and reads every message
 * with what sending it needs. The sends run with at most `sendConcurrency` in flight, and a
 * second round trip writes all outcomes with their outbox entries. Then one queue send carries
 * the feedback webhook events of every final status. A message already in a final status is
 * acked without sending, so a redelivered job never sends twice, and a job listed twice is
 * sent once. A retryable failure is always retried: the queue's retry limit and its
 * dead-letter queue (see `deadLetterMessage`) decide when to give up. If the final write
 * fails, this throws and every claimed message stays `sending` until its lease ends.
 *
 * @example
 * const decisions = await deliverMessages(deps, batch.messages.map((message) => message.body));
 */
export async function deliverMessages(
  deps: DeliveryDeps,
  jobs: readonly DeliveryJob[],
  options: DeliverOptions = {},
): Promise<DeliveryDecision[]> {
  const ids = [...new Set(jobs.map((job) => job.messageId))];
  if (ids.length === 0) {
    return [];
  }
  const now = deps.now();
  const batch = await deps.store.claimDeliveries(ids, now.toISOString(), { webhooks: deps.webhooks !== undefined });
  const outbox = new OutboxBuffer();
  const plan = planBatch(deps, ids, batch, senderLookup(deps, outbox), now);
  const sendables = [...plan.sendables, ...(await claimStaleSends(deps, plan, now))];
  const concurrency = Math.max(1, options.sendConcurrency ?? DEFAULT_SEND_CONCURRENCY);
  const outcomes = [...plan.outcomes, ...(await attemptSends(deps, sendables, batch.goneTargets, concurrency))];
  await recordOutcomes(deps, outcomes, outbox.entries, batch.webhooks);
  for (const outcome of outcomes) {
    plan.decisions.set(outcome.message.id, outcome.decision);
  }
  const answered = new Set<string>();
  return jobs.map((job) => {
    if (answered.has(job.messageId)) {
      // The first copy of the job carries the decision; acking the others sends nothing twice.
      deps.log.info("message repeated in batch", { messageId: job.messageId });
      return { action: "ack" };
    }
    answered.add(job.messageId);
    return plan.decisions.get(job.messageId) ?? { action: "ack" };
  });
}

/**
 * Claims the stale sends again, each only while its `updatedAt` is the one read, so two
 * consumers never both resend it. Stale sends are rare, so each takes a round trip of its own.
 */
async function claimStaleSends(deps: DeliveryDeps, plan: BatchPlan, now: Date): Promise<Sendable[]> {
  const at = now.toISOString();
  const claimed = await Promise.all(
    plan.stale.map(async ({ state, sender }): Promise<Sendable[]> => {
      const { message } = state;
      if (!(await deps.store.claimMessage(message.id, ["sending"], at, message.updatedAt))) {
        deps.log.info("message claimed elsewhere", { messageId: message.id });
        return [];
      }
      const attempts = message.attempts + 1;
      deps.log.warn("stale send claimed again", { messageId: message.id, attempt: attempts });
      return [{ state: { ...state, message: { ...message, attempts, updatedAt: at } }, sender }];
    }),
  );
  return claimed.flat();
}
