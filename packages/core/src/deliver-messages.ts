import {
  type DeliveryDecision,
  type DeliveryDeps,
  FINAL_STATUSES,
  type ResolvedSender,
  attemptSend,
  deliverMessage,
} from "./deliver-message.ts";
import { errorSummary } from "./errors.ts";
import type { OutcomeEffect } from "./record-outcome.ts";
import type { DeliveryJob, DeliveryState, MessageUpdate, OutboxEntry, OutboxStore } from "./ports.ts";

/** Sends at a time per batch, so a batch of 100 opens at most this many provider connections. */
const SEND_CONCURRENCY = 8;

/** An outbox that keeps entries in memory until the batch writes them with its outcomes. */
class OutboxBuffer implements OutboxStore {
  #entries: OutboxEntry[] = [];

  async putOutboxEntry(entry: OutboxEntry) {
    this.#entries.push(entry);
  }

  take(): OutboxEntry[] {
    const entries = this.#entries;
    this.#entries = [];
    return entries;
  }
}

interface Claimable {
  index: number;
  state: DeliveryState;
  resolved: ResolvedSender;
}

async function eachLimited<T>(items: T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Delivers a queue batch as `deliverMessage` delivers each job, in three database round trips
 * for the whole batch on the common path. They are one read of every message, one claim, and
 * one write of the outcomes together with the outbox entries the batch produced. A message
 * found `sending` takes the single-message path, which handles its lease.
 */
export async function deliverMessages(deps: DeliveryDeps, jobs: DeliveryJob[]): Promise<DeliveryDecision[]> {
  const buffer = new OutboxBuffer();
  const decisions: DeliveryDecision[] = jobs.map(() => ({ action: "ack" }));
  const states = await deps.store.loadDeliveries(jobs.map((job) => job.messageId));
  const updates: MessageUpdate[] = [];
  const effects: OutcomeEffect[] = [];
  const candidates: Claimable[] = [];
  const resumed: number[] = [];
  const seen = new Set<string>();

  for (const [index, job] of jobs.entries()) {
    const state = states.get(job.messageId);
    if (seen.has(job.messageId)) {
      // A queue can deliver one job twice in a batch; the first copy sends, this one is acked.
      deps.log.info("message claimed elsewhere", { messageId: job.messageId });
      continue;
    }
    seen.add(job.messageId);
    if (state === undefined) {
      deps.log.warn("message not found", { messageId: job.messageId });
    } else if (FINAL_STATUSES.includes(state.message.status)) {
      deps.log.info("message already final", { messageId: state.message.id, status: state.message.status });
    } else if (state.message.status === "sending") {
      resumed.push(index);
    } else {
      try {
        candidates.push({ index, state, resolved: deps.senderFor(state.surface, buffer) });
      } catch (error) {
        const reason = `provider not usable: ${errorSummary(error)}`;
        updates.push({ messageId: state.message.id, update: { status: "failed", reason, clearPayload: true } });
        deps.log.error("message failed", { messageId: state.message.id, surfaceId: state.surface.id, reason });
      }
    }
  }

  const now = deps.now().toISOString();
  const claimed = await deps.store.claimMessages(
    candidates.map(({ state }) => state.message.id),
    ["queued", "retrying"],
    now,
  );
  const sendable = candidates.filter(({ state }) => claimed.has(state.message.id));
  for (const { state } of candidates.filter((candidate) => !claimed.has(candidate.state.message.id))) {
    deps.log.info("message claimed elsewhere", { messageId: state.message.id });
  }
  await eachLimited(sendable, SEND_CONCURRENCY, async ({ index, state, resolved }) => {
    const effect = await attemptSend(deps, state, resolved.sender);
    decisions[index] = effect.decision;
    updates.push({ messageId: state.message.id, update: effect.update });
    effects.push(effect);
  });

  for (const effect of effects) {
    await effect.before?.();
  }
  await deps.store.recordDeliveries(updates, buffer.take(), deps.now().toISOString());
  for (const effect of effects) {
    effect.log();
  }
  for (const index of resumed) {
    decisions[index] = await deliverMessage(deps, jobs[index] as DeliveryJob);
  }
  return decisions;
}
