import type { Deps } from "./deps.ts";
import type { MessageRecord, Webhook } from "./model.ts";
import type { DeliveryState, OutboxEntry, PushTargetRecord, StatusUpdate } from "./ports.ts";
import { pushTargetKey } from "./push-targets.ts";
import { retryDelaySeconds } from "./retry-policy.ts";
import { emitMessageEvent, emitMessageEvents } from "./webhook-events.ts";
import type { RenderedMessage, SendOutcome } from "./sending.ts";

export type DeliveryDecision = { action: "ack" } | { action: "retry"; delaySeconds: number };

/** One provider attempt: what was sent, what came back, and the fields its log line carries. */
export interface Attempt {
  outcome: SendOutcome;
  rendered: RenderedMessage;
  fields: { messageId: string; attempt: number; outcome: string; durationMs: number };
}

/** The effect of one delivery on its message before it is written: status, queue decision, log line. */
export interface Outcome {
  message: MessageRecord;
  update: StatusUpdate;
  decision: DeliveryDecision;
  /** The push target to save as gone with the status, after the push service reported it gone. */
  goneTarget?: PushTargetRecord;
  log(): void;
}

const ACK = { action: "ack" } as const;

/**
 * Records a final status, clears the payload the message no longer needs and queues the
 * status's event for the sandbox's feedback webhooks.
 */
export async function finish(deps: Deps, state: DeliveryState, update: StatusUpdate) {
  await deps.store.updateMessage(state.message.id, { ...update, clearPayload: true }, deps.now().toISOString());
  await emitMessageEvent(deps, state.message, update);
}

/** Builds the outcome of a message that gets a final status without a provider attempt. */
export function finalOutcome(message: MessageRecord, update: StatusUpdate, log: () => void): Outcome {
  return { message, update: { ...update, clearPayload: true }, decision: ACK, log };
}

/**
 * Maps one provider attempt to its outcome. Only the provider's acceptance makes a message
 * `sent`. A permanent outcome with `gone` also marks the push target gone, and an SMS keeps
 * the segment count it was sent with. A retryable one is retried after the backoff of its
 * attempt, or the provider's Retry-After when that is longer.
 */
export function attemptOutcome(deps: Deps, message: MessageRecord, attempt: Attempt): Outcome {
  const { outcome, rendered, fields } = attempt;
  const segments = rendered.channel === "sms" ? { segments: rendered.segments } : {};
  switch (outcome.kind) {
    case "sent": {
      const update = {
        status: "sent" as const,
        reason: null,
        providerMessageId: outcome.providerMessageId,
        sentAt: deps.now().toISOString(),
        ...segments,
      };
      return finalOutcome(message, update, () => deps.log.info("message sent", fields));
    }
    case "permanent": {
      const update = { status: "failed" as const, reason: outcome.reason, ...segments };
      const failed = finalOutcome(message, update, () => deps.log.warn("message failed", { ...fields, reason: outcome.reason }));
      const goneTarget = outcome.gone === true ? goneTargetOf(deps, message, outcome.reason) : undefined;
      return goneTarget === undefined ? failed : { ...failed, goneTarget };
    }
    case "unknown": {
      const update = { status: "unknown" as const, reason: outcome.reason, ...segments };
      return finalOutcome(message, update, () =>
        deps.log.warn("message outcome unknown", { ...fields, reason: outcome.reason }),
      );
    }
    case "retryable": {
      const delaySeconds = retryDelaySeconds(fields.attempt, outcome.retryAfterSeconds, {
        baseSeconds: deps.limits.retryBaseSeconds,
      });
      return {
        message,
        update: { status: "retrying", reason: outcome.reason },
        decision: { action: "retry", delaySeconds },
        log: () => deps.log.info("message retry scheduled", { ...fields, delaySeconds, reason: outcome.reason }),
      };
    }
  }
}

function goneTargetOf(deps: Deps, message: MessageRecord, reason: string): PushTargetRecord | undefined {
  if (message.address.channel !== "push") {
    return undefined;
  }
  const now = deps.now().toISOString();
  const { key, kind } = pushTargetKey(message.address.target);
  const { sandboxId, profileId } = message;
  return { sandboxId, key, kind, profileId, status: "gone", reason, createdAt: now, updatedAt: now };
}

/**
 * Writes a batch's outcomes with its outbox entries and gone push targets in one transaction,
 * then logs each outcome and queues the feedback webhook event of every final status, as
 * `finish` does for one message. If the write fails nothing is logged or queued, and the
 * error reaches the caller.
 */
export async function recordOutcomes(
  deps: Deps,
  outcomes: readonly Outcome[],
  outbox: OutboxEntry[],
  webhooks: readonly Webhook[],
): Promise<void> {
  const goneTargets = outcomes.flatMap((outcome) => (outcome.goneTarget ? [outcome.goneTarget] : []));
  const updates = outcomes.map(({ message, update }) => ({ messageId: message.id, update }));
  await deps.store.recordDeliveries({ updates, outbox, goneTargets }, deps.now().toISOString());
  for (const outcome of outcomes) {
    if (outcome.goneTarget !== undefined) {
      const { message } = outcome;
      deps.log.info("push target marked gone", {
        messageId: message.id,
        profileId: message.profileId,
        kind: outcome.goneTarget.kind,
      });
    }
    outcome.log();
  }
  await emitMessageEvents(deps, outcomes, webhooks);
}
