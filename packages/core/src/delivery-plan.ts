import { FINAL_STATUSES, type DeliveryDeps, type ResolvedSender, SENDING_LEASE_SECONDS, canRepeat } from "./delivery-deps.ts";
import { errorSummary } from "./errors.ts";
import type { Surface } from "./model.ts";
import type { ClaimedDeliveries, DeliveryState, OutboxStore } from "./ports.ts";
import { type DeliveryDecision, type Outcome, finalOutcome } from "./record-outcome.ts";
import type { Sendable } from "./send-attempts.ts";

export type SenderLookup = (surface: Surface) => { resolved: ResolvedSender } | { error: string };

/** Resolves each surface's sender once per batch, keeping a failure as its reason. */
export function senderLookup(deps: DeliveryDeps, outbox: OutboxStore): SenderLookup {
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

/** The work a claim leaves: outcomes known without a send, messages to send, stale sends. */
export interface BatchPlan {
  decisions: Map<string, DeliveryDecision>;
  outcomes: Outcome[];
  sendables: Sendable[];
  /** Messages left `sending` past their lease by a consumer that died, for an idempotent provider. */
  stale: Sendable[];
}

/** Sorts each message of a claimed batch by what happens to it next. */
export function planBatch(deps: DeliveryDeps, ids: string[], batch: ClaimedDeliveries, senderOf: SenderLookup, now: Date): BatchPlan {
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
      // Unreachable while the claim and this read share one transaction, as on D1 and libSQL.
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
 * Builds the outcome of a message found `sending` past its lease with a provider that cannot
 * deliver it twice. The first attempt may have been delivered, so the outcome is recorded as
 * `unknown` instead of risking a second copy.
 */
function unknownOutcome(deps: DeliveryDeps, state: DeliveryState): Outcome {
  const reason = "an earlier delivery attempt ended without a recorded outcome; it may have been delivered";
  return finalOutcome(state.message, { status: "unknown", reason }, () =>
    deps.log.warn("message outcome unknown", { messageId: state.message.id, reason }),
  );
}
