import { FINAL_STATUSES, type DeliveryDeps, type ResolvedSender, SENDING_LEASE_SECONDS, canRepeat } from "./delivery-deps.ts";
import { errorSummary } from "./errors.ts";
import type { Surface } from "./model.ts";
import type { ClaimedDeliveries, DeliveryJob, DeliveryState, OutboxEntry, OutboxStore } from "./ports.ts";
import { type DeliveryDecision, type Outcome, finalOutcome, recordOutcomes } from "./record-outcome.ts";
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

type SenderLookup = (surface: Surface) => { resolved: ResolvedSender } | { error: string };

/** Resolves each surface's sender once per batch, keeping a failure as its reason. */
function senderLookup(deps: DeliveryDeps, outbox: OutboxStore): SenderLookup {
  const bySurface = new Map<string, ReturnType<SenderLookup>>();
  return (surface) => {
    let found = bySurface.get(surface.id);
    if (found === undefined) {
      try {
        found = { resolved: deps.senderFor(surface, outbox) };
      } catch (error) {
        found = { error: `provider not usable: ${errorSummary(error)}` };
      }
      bySurface.set(surface.id, found);
    }
    return found;
  };
}

/** What the claim left to do: outcomes known without a send, messages to send, stale sends. */
interface BatchPlan {
  decisions: Map<string, DeliveryDecision>;
  outcomes: Outcome[];
  sendables: Sendable[];
  /** Messages left `sending` past their lease by a consumer that died, for an idempotent provider. */
  stale: Sendable[];
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

/** Sorts each message of a claimed batch by what happens to it next. */
function planBatch(deps: DeliveryDeps, ids: string[], batch: ClaimedDeliveries, senderOf: SenderLookup, now: Date): BatchPlan {
  const plan: BatchPlan = { decisions: new Map(), outcomes: [], sendables: [], stale: [] };
  const lease = deps.limits.sendingLeaseSeconds ?? SENDING_LEASE_SECONDS;
  for (const id of ids) {
    const state = batch.states.get(id);
    if (state === undefined) {
      deps.log.warn("message not found", { messageId: id });
      continue;
    }
    const { message } = state;
    const claimed = batch.claimed.has(id);
    if (!claimed && FINAL_STATUSES.includes(message.status)) {
      deps.log.info("message already final", { messageId: id, status: message.status });
      continue;
    }
    if (!claimed && message.status !== "sending") {
      // Read in the claim's own transaction, so only a concurrent writer can leave this.
      deps.log.info("message claimed elsewhere", { messageId: id });
      continue;
    }
    const leaseLeft = lease - (now.getTime() - Date.parse(message.updatedAt)) / 1000;
    if (!claimed && leaseLeft > 0) {
      deps.log.info("message send in progress elsewhere", { messageId: id, leaseLeft });
      plan.decisions.set(id, { action: "retry", delaySeconds: Math.ceil(leaseLeft) });
      continue;
    }
    const sender = senderOf(state.surface);
    if ("error" in sender) {
      const reason = sender.error;
      plan.outcomes.push(
        finalOutcome(message, { status: "failed", reason }, () =>
          deps.log.error("message failed", { messageId: id, surfaceId: state.surface.id, reason }),
        ),
      );
    } else if (claimed) {
      plan.sendables.push({ state, sender: sender.resolved.sender });
    } else if (canRepeat(sender.resolved, message, now)) {
      plan.stale.push({ state, sender: sender.resolved.sender });
    } else {
      plan.outcomes.push(unknownOutcome(deps, state));
    }
  }
  return plan;
}

/**
 * Handles a message found `sending` past its lease with a provider that cannot deliver it
 * twice: the first attempt may have been delivered, so the outcome is recorded as `unknown`
 * instead of risking a second copy.
 */
function unknownOutcome(deps: DeliveryDeps, state: DeliveryState): Outcome {
  const reason = "an earlier delivery attempt ended without a recorded outcome; it may have been delivered";
  return finalOutcome(state.message, { status: "unknown", reason }, () =>
    deps.log.warn("message outcome unknown", { messageId: state.message.id, reason }),
  );
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
