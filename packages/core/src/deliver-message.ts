import { errorSummary } from "./errors.ts";
import { mergeObjects } from "./canonical-json.ts";
import type { Deps } from "./deps.ts";
import type { MessageRecord, MessageStatus, Surface } from "./model.ts";
import type { DeliveryJob, DeliveryState } from "./ports.ts";
import { findGoneTarget, goneTargetReason } from "./push-targets.ts";
import { type DeliveryDecision, finish, recordOutcome } from "./record-outcome.ts";
import { renderMessage } from "./render-message.ts";
import type { SendOutcome, Sender } from "./sending.ts";

export { type DeliveryDecision, finish } from "./record-outcome.ts";

/** A sender plus whether sending the same message id twice can deliver it twice. */
export interface ResolvedSender {
  sender: Sender;
  /** True when the provider deduplicates on the message id, so a resend after a crash is safe. */
  idempotent: boolean;
  /** How long after a first attempt the provider still deduplicates; unset means forever. */
  idempotencyWindowSeconds?: number;
}

export interface DeliveryDeps extends Deps {
  senderFor(surface: Surface): ResolvedSender;
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

/**
 * Renders and sends one queued message and records the outcome. Returns whether the queue
 * message is done (`ack`) or must come back later (`retry`). A message already in a final
 * status is acked without sending, so a redelivered queue message never sends twice. A
 * retryable failure is always retried: the queue's retry limit and its dead-letter queue
 * (see `deadLetterMessage`) decide when to give up.
 */
export async function deliverMessage(deps: DeliveryDeps, job: DeliveryJob): Promise<DeliveryDecision> {
  const state = await deps.store.loadDelivery(job.messageId);
  if (state === null) {
    deps.log.warn("message not found", { messageId: job.messageId });
    return { action: "ack" };
  }
  const { message } = state;
  if (FINAL_STATUSES.includes(message.status)) {
    deps.log.info("message already final", { messageId: message.id, status: message.status });
    return { action: "ack" };
  }
  let resolved: ResolvedSender;
  try {
    resolved = deps.senderFor(state.surface);
  } catch (error) {
    const reason = `provider not usable: ${errorSummary(error)}`;
    await finish(deps, state, { status: "failed", reason });
    deps.log.error("message failed", { messageId: message.id, surfaceId: state.surface.id, reason });
    return { action: "ack" };
  }
  if (message.status === "sending") {
    return resumeSending(deps, state, resolved);
  }
  if (!(await deps.store.claimMessage(message.id, ["queued", "retrying"], deps.now().toISOString()))) {
    // Another delivery of the same job claimed it between the load and the claim.
    deps.log.info("message claimed elsewhere", { messageId: message.id });
    return { action: "ack" };
  }
  return sendClaimed(deps, state, resolved.sender);
}

/**
 * Handles a message found `sending`. Within the lease another consumer may still be
 * sending it, so the job comes back when the lease ends. Past the lease, an idempotent
 * provider gets the message again. For any other provider the first attempt may have been
 * delivered, so the outcome is recorded as `unknown` instead of risking a second copy.
 */
async function resumeSending(deps: DeliveryDeps, state: DeliveryState, resolved: ResolvedSender) {
  const { message } = state;
  const now = deps.now();
  const lease = deps.limits.sendingLeaseSeconds ?? SENDING_LEASE_SECONDS;
  const leaseLeft = lease - (now.getTime() - Date.parse(message.updatedAt)) / 1000;
  if (leaseLeft > 0) {
    deps.log.info("message send in progress elsewhere", { messageId: message.id, leaseLeft });
    return { action: "retry", delaySeconds: Math.ceil(leaseLeft) } as const;
  }
  if (!canRepeat(resolved, message, now)) {
    const reason = "an earlier delivery attempt ended without a recorded outcome; it may have been delivered";
    await finish(deps, state, { status: "unknown", reason });
    deps.log.warn("message outcome unknown", { messageId: message.id, reason });
    return { action: "ack" } as const;
  }
  const claimed = await deps.store.claimMessage(message.id, ["sending"], now.toISOString(), message.updatedAt);
  if (!claimed) {
    return { action: "ack" } as const;
  }
  deps.log.warn("stale send claimed again", { messageId: message.id, attempt: message.attempts + 1 });
  return sendClaimed(deps, state, resolved.sender);
}

async function sendClaimed(deps: DeliveryDeps, state: DeliveryState, sender: Sender): Promise<DeliveryDecision> {
  const { message, version, surface, profile } = state;
  const attempt = message.attempts + 1;
  const gone = await findGoneTarget(deps, message);
  if (gone !== null) {
    await finish(deps, state, { status: "skipped", reason: goneTargetReason(gone) });
    deps.log.info("message skipped", { messageId: message.id, reason: "push target gone" });
    return { action: "ack" };
  }
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
    await finish(deps, state, { status: "failed", reason: result.message });
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
    outcome = { kind: "retryable", reason: errorSummary(error) };
  }
  const fields = { messageId: message.id, attempt, outcome: outcome.kind, durationMs: Date.now() - started };
  return recordOutcome(deps, state, { outcome, rendered: result.rendered, fields });
}
