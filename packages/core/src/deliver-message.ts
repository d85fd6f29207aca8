import { mergeObjects } from "./canonical-json.ts";
import type { Deps } from "./deps.ts";
import type { MessageStatus, Surface } from "./model.ts";
import type { DeliveryJob, DeliveryState } from "./ports.ts";
import { renderMessage } from "./render-message.ts";
import { retryDelaySeconds } from "./retry-policy.ts";
import type { SendOutcome, Sender } from "./sending.ts";

/** A sender plus whether sending the same message id twice can deliver it twice. */
export interface ResolvedSender {
  sender: Sender;
  /** True when the provider deduplicates on the message id, so a resend after a crash is safe. */
  idempotent: boolean;
}

export interface DeliveryDeps extends Deps {
  senderFor(surface: Surface): ResolvedSender;
}

export type DeliveryDecision = { action: "ack" } | { action: "retry"; delaySeconds: number };

const FINAL: MessageStatus[] = ["sent", "delivered", "failed", "skipped", "unknown"];

/**
 * Renders and sends one queued message and records the outcome. Returns whether the queue
 * message is done (`ack`) or must come back later (`retry`). A message already sent is
 * never sent again.
 */
export async function deliverMessage(deps: DeliveryDeps, job: DeliveryJob): Promise<DeliveryDecision> {
  const state = await deps.store.loadDelivery(job.messageId);
  if (state === null) {
    deps.log.warn("message not found", { messageId: job.messageId });
    return { action: "ack" };
  }
  const { message } = state;
  if (FINAL.includes(message.status)) {
    deps.log.info("message already final", { messageId: message.id, status: message.status });
    return { action: "ack" };
  }
  const now = () => deps.now().toISOString();
  let resolved: ResolvedSender;
  try {
    resolved = deps.senderFor(state.surface);
  } catch (error) {
    const reason = `provider not usable: ${error instanceof Error ? error.message : String(error)}`;
    await deps.store.updateMessage(message.id, { status: "failed", reason, clearPayload: true }, now());
    deps.log.error("message failed", { messageId: message.id, surfaceId: state.surface.id, reason });
    return { action: "ack" };
  }
  const from: MessageStatus[] = message.status === "sending" && resolved.idempotent ? ["sending"] : ["queued", "retrying"];
  if (!(await deps.store.claimMessage(message.id, from, now()))) {
    if (message.status === "sending") {
      await deps.store.updateMessage(
        message.id,
        { status: "unknown", reason: "an earlier delivery attempt ended without a recorded outcome" },
        now(),
      );
    }
    return { action: "ack" };
  }
  return sendClaimed(deps, state, resolved.sender, now);
}

async function sendClaimed(
  deps: DeliveryDeps,
  state: DeliveryState,
  sender: Sender,
  now: () => string,
): Promise<DeliveryDecision> {
  const { message, version, surface, profile } = state;
  const attempt = message.attempts + 1;
  const result = renderMessage({
    content: version.content,
    defaults: version.defaults,
    surface,
    address: message.address,
    view: {
      profile: mergeObjects(profile?.attributes ?? {}, message.profileOverrides ?? {}),
      context: message.context ?? {},
    },
  });
  if (!result.ok) {
    await deps.store.updateMessage(message.id, { status: "failed", reason: result.message, clearPayload: true }, now());
    deps.log.warn("message failed", { messageId: message.id, reason: result.code });
    return { action: "ack" };
  }

  const started = Date.now();
  let outcome: SendOutcome;
  try {
    outcome = await sender.send({ messageId: message.id, rendered: result.rendered });
  } catch (error) {
    // Senders classify provider failures themselves; a throw is a fault before the request
    // went out, so a later attempt is safe.
    outcome = { kind: "retryable", reason: error instanceof Error ? error.message : String(error) };
  }
  const fields = { messageId: message.id, attempt, outcome: outcome.kind, durationMs: Date.now() - started };
  switch (outcome.kind) {
    case "sent":
      await deps.store.updateMessage(
        message.id,
        {
          status: "sent",
          reason: null,
          providerMessageId: outcome.providerMessageId,
          sentAt: now(),
          clearPayload: true,
        },
        now(),
      );
      deps.log.info("message sent", fields);
      return { action: "ack" };
    case "permanent":
      await deps.store.updateMessage(message.id, { status: "failed", reason: outcome.reason, clearPayload: true }, now());
      deps.log.warn("message failed", { ...fields, reason: outcome.reason });
      return { action: "ack" };
    case "unknown":
      await deps.store.updateMessage(message.id, { status: "unknown", reason: outcome.reason, clearPayload: true }, now());
      deps.log.warn("message outcome unknown", { ...fields, reason: outcome.reason });
      return { action: "ack" };
    case "retryable": {
      if (attempt >= deps.limits.maxAttempts) {
        const reason = `gave up after ${attempt} attempts: ${outcome.reason}`;
        await deps.store.updateMessage(message.id, { status: "failed", reason, clearPayload: true }, now());
        deps.log.warn("message failed", { ...fields, reason });
        return { action: "ack" };
      }
      await deps.store.updateMessage(message.id, { status: "retrying", reason: outcome.reason }, now());
      const delaySeconds = retryDelaySeconds(attempt, outcome.retryAfterSeconds);
      deps.log.info("message retry scheduled", { ...fields, delaySeconds, reason: outcome.reason });
      return { action: "retry", delaySeconds };
    }
  }
}
