import type { Deps } from "./deps.ts";
import { enqueueMessages } from "./enqueue-messages.ts";
import { HeraldError } from "./errors.ts";
import type { ExecutionRecord, TriggerResponse } from "./model.ts";
import type { IdempotencyClaim } from "./ports.ts";

/**
 * Seconds a `claiming` claim counts as in flight. A call between its read batch and its
 * write batch keeps the key for this long at most. Past it, the call is taken for dead and
 * the next call with the key takes the claim over.
 */
export const CLAIM_TIMEOUT_SECONDS = 30;

export interface SettledClaim {
  response: TriggerResponse;
  replayed: true;
}

/**
 * Settles a call whose key another call holds: a replay of the first response when the body
 * matches, 409 otherwise, and 409 with Retry-After while the first call is still between its
 * read and write batches. When the claim is `pending`, because the first call could not
 * enqueue all of its messages, the replay enqueues the ones still unqueued first.
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
  if (claim.state === "claiming" || execution === null) {
    const ageSeconds = (deps.now().getTime() - Date.parse(claim.createdAt)) / 1000;
    throw new HeraldError("REQUEST_IN_PROGRESS", `request ${claim.key} is still being processed; retry shortly`, {
      retryAfterSeconds: Math.max(1, Math.ceil(CLAIM_TIMEOUT_SECONDS - ageSeconds)),
    });
  }
  if (claim.state === "pending") {
    await enqueueUnqueued(deps, claim, execution);
  }
  return { response: execution.response, replayed: true };
}

async function enqueueUnqueued(deps: Deps, claim: IdempotencyClaim, execution: ExecutionRecord) {
  const unqueued = await deps.store.claimUnqueued({
    now: deps.now().toISOString(),
    limit: execution.response.recipients.length,
    executionId: execution.id,
  });
  const channel = unqueued[0]?.channel;
  if (channel !== undefined) {
    const ids = unqueued.map(({ id }) => id);
    await enqueueMessages(deps, channel, ids, { executionId: execution.id, claim });
  }
  await deps.store.completeClaim(claim.sandboxId, claim.key, execution.id);
  deps.log.warn("unqueued execution enqueued again", {
    sandboxId: claim.sandboxId,
    executionId: execution.id,
    requestId: claim.key,
    recipients: unqueued.length,
  });
}
