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

/**
 * Records the outcome of one provider attempt. Only the provider's acceptance makes a message
 * `sent`. A permanent outcome with `gone` also marks the push target gone, and an SMS keeps the
 * segment count it was sent with.
 */
export async function recordOutcome(deps: DeliveryDeps, state: DeliveryState, attempt: Attempt): Promise<DeliveryDecision> {
  const { outcome, rendered, fields } = attempt;
  const segments = rendered.channel === "sms" ? { segments: rendered.segments } : {};
  switch (outcome.kind) {
    case "sent":
      await finish(deps, state, {
        status: "sent",
        reason: null,
        providerMessageId: outcome.providerMessageId,
        sentAt: deps.now().toISOString(),
        ...segments,
      });
      deps.log.info("message sent", fields);
      return { action: "ack" };
    case "permanent":
      if (outcome.gone === true) {
        await markTargetGone(deps, state.message, outcome.reason);
      }
      await finish(deps, state, { status: "failed", reason: outcome.reason, ...segments });
      deps.log.warn("message failed", { ...fields, reason: outcome.reason });
      return { action: "ack" };
    case "unknown":
      await finish(deps, state, { status: "unknown", reason: outcome.reason, ...segments });
      deps.log.warn("message outcome unknown", { ...fields, reason: outcome.reason });
      return { action: "ack" };
    case "retryable": {
      await deps.store.updateMessage(state.message.id, { status: "retrying", reason: outcome.reason }, deps.now().toISOString());
      const delaySeconds = retryDelaySeconds(fields.attempt, outcome.retryAfterSeconds, {
        baseSeconds: deps.limits.retryBaseSeconds,
      });
      deps.log.info("message retry scheduled", { ...fields, delaySeconds, reason: outcome.reason });
      return { action: "retry", delaySeconds };
    }
  }
}
