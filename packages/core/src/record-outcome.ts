import type { DeliveryDeps } from "./deliver-message.ts";
import type { Deps } from "./deps.ts";
import type { DeliveryState, StatusUpdate } from "./ports.ts";
import { markTargetGone } from "./push-targets.ts";
import { retryDelaySeconds } from "./retry-policy.ts";
import { emitMessageEvent } from "./webhook-events.ts";
import type { RenderedMessage, SendOutcome } from "./sending.ts";

export type DeliveryDecision = { action: "ack" } | { action: "retry"; delaySeconds: number };

/** One provider attempt: what was sent, what came back, and the fields its log line carries. */
export interface Attempt {
  outcome: SendOutcome;
  rendered: RenderedMessage;
  fields: { messageId: string; attempt: number; outcome: string; durationMs: number };
}

/**
 * Records a final status, clears the payload the message no longer needs and queues the
 * status's event for the sandbox's feedback webhooks.
 */
export async function finish(deps: Deps, state: DeliveryState, update: StatusUpdate) {
  await deps.store.updateMessage(state.message.id, { ...update, clearPayload: true }, deps.now().toISOString());
  await emitMessageEvent(deps, state.message, update);
}

/** The effect of one attempt on its message: the status to store, the queue decision, the log line. */
export interface OutcomeEffect {
  update: StatusUpdate;
  decision: DeliveryDecision;
  /** A write that must happen before the status, such as marking a push target gone. */
  before?: () => Promise<void>;
  log(): void;
}

/**
 * Maps the outcome of one provider attempt to its effect, without writing it. Only the
 * provider's acceptance makes a message `sent`. A permanent outcome with `gone` also marks the
 * push target gone, and an SMS keeps the segment count it was sent with. Final statuses clear
 * the payload the message no longer needs.
 */
export function outcomeEffect(deps: DeliveryDeps, state: DeliveryState, attempt: Attempt): OutcomeEffect {
  const { outcome, rendered, fields } = attempt;
  const segments = rendered.channel === "sms" ? { segments: rendered.segments } : {};
  const ack = { action: "ack" } as const;
  switch (outcome.kind) {
    case "sent":
      return {
        update: {
          status: "sent",
          reason: null,
          providerMessageId: outcome.providerMessageId,
          sentAt: deps.now().toISOString(),
          clearPayload: true,
          ...segments,
        },
        decision: ack,
        log: () => deps.log.info("message sent", fields),
      };
    case "permanent":
      return {
        update: { status: "failed", reason: outcome.reason, clearPayload: true, ...segments },
        decision: ack,
        ...(outcome.gone === true ? { before: () => markTargetGone(deps, state.message, outcome.reason) } : {}),
        log: () => deps.log.warn("message failed", { ...fields, reason: outcome.reason }),
      };
    case "unknown":
      return {
        update: { status: "unknown", reason: outcome.reason, clearPayload: true, ...segments },
        decision: ack,
        log: () => deps.log.warn("message outcome unknown", { ...fields, reason: outcome.reason }),
      };
    case "retryable": {
      const delaySeconds = retryDelaySeconds(fields.attempt, outcome.retryAfterSeconds, {
        baseSeconds: deps.limits.retryBaseSeconds,
      });
      return {
        update: { status: "retrying", reason: outcome.reason },
        decision: { action: "retry", delaySeconds },
        log: () => deps.log.info("message retry scheduled", { ...fields, delaySeconds, reason: outcome.reason }),
      };
    }
  }
}

/** Writes one effect: its preceding write, then the message's status. */
export async function applyEffect(deps: Deps, state: DeliveryState, effect: OutcomeEffect): Promise<DeliveryDecision> {
  await effect.before?.();
  await deps.store.updateMessage(state.message.id, effect.update, deps.now().toISOString());
  effect.log();
  return effect.decision;
}

/** Records the outcome of one provider attempt, as `outcomeEffect` describes it. */
export function recordOutcome(deps: DeliveryDeps, state: DeliveryState, attempt: Attempt): Promise<DeliveryDecision> {
  return applyEffect(deps, state, outcomeEffect(deps, state, attempt));
}
