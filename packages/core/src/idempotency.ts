import type { Deps } from "./deps.ts";
import { HeraldError } from "./errors.ts";
import type { Channel } from "./sending.ts";
import type { TriggerResponse } from "./model.ts";
import type { IdempotencyClaim } from "./ports.ts";

/**
 * Seconds a `pending` claim counts as in flight. A call that wrote its execution but died
 * before its messages reached the queue leaves a pending claim; past this age the next call
 * with the same key finishes the job instead of waiting for it.
 */
export const PENDING_CLAIM_TIMEOUT_SECONDS = 30;

export interface SettledClaim {
  response: TriggerResponse;
  replayed: true;
}

/**
 * Answers a call whose key is already claimed: a replay of the first response when the body
 * matches and the first call finished, 409 otherwise. A pending claim older than
 * PENDING_CLAIM_TIMEOUT_SECONDS is taken over: its messages are enqueued again, which is safe
 * because the consumer sends a message only from `queued` or `retrying`.
 */
export async function settleClaim(
  deps: Deps,
  claim: IdempotencyClaim,
  requestHash: string,
): Promise<SettledClaim> {
  if (claim.requestHash !== requestHash) {
    throw new HeraldError(
      "IDEMPOTENCY_CONFLICT",
      `request ${claim.key} was already used with a different body; use a new requestId or Idempotency-Key (this one is held until ${claim.expiresAt})`,
    );
  }
  const { execution } = claim;
  if (claim.state === "pending") {
    const ageSeconds = (deps.now().getTime() - Date.parse(claim.createdAt)) / 1000;
    if (ageSeconds < PENDING_CLAIM_TIMEOUT_SECONDS) {
      throw new HeraldError("REQUEST_IN_PROGRESS", `request ${claim.key} is still being processed; retry shortly`, {
        retryAfterSeconds: Math.max(1, Math.ceil(PENDING_CLAIM_TIMEOUT_SECONDS - ageSeconds)),
      });
    }
    const campaign = await deps.store.getCampaign(claim.sandboxId, execution.campaignId);
    const messageIds = execution.response.recipients.map(({ messageId }) => messageId);
    if (campaign !== null) {
      await enqueueMessages(deps, campaign.channel, execution.id, messageIds);
    }
    await deps.store.completeClaim(claim.sandboxId, claim.key, execution.id);
    deps.log.warn("stale execution enqueued again", {
      sandboxId: claim.sandboxId,
      executionId: execution.id,
      requestId: claim.key,
      recipients: messageIds.length,
    });
  }
  return { response: execution.response, replayed: true };
}

/** Puts an execution's messages on their channel's queue, or fails with a retryable 503. */
export async function enqueueMessages(deps: Deps, channel: Channel, executionId: string, messageIds: string[]) {
  try {
    await deps.queue.enqueue(
      channel,
      messageIds.map((messageId) => ({ messageId })),
    );
  } catch (error) {
    deps.log.error("enqueue failed", { executionId, error: (error as Error).message });
    throw new HeraldError("QUEUE_UNAVAILABLE", "the delivery queue is unavailable; retry the call", {
      retryAfterSeconds: 5,
    });
  }
}
