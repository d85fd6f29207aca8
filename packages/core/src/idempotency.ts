import type { Deps } from "./deps.ts";
import { enqueueMessages } from "./enqueue-messages.ts";
import { HeraldError } from "./errors.ts";
import type { TriggerResponse } from "./model.ts";
import type { IdempotencyClaim } from "./ports.ts";

export interface SettledClaim {
  response: TriggerResponse;
  replayed: true;
}

/**
 * Settles a call whose key is already claimed: a replay of the first response when the body
 * matches, 409 otherwise. When the claim is `pending`, because the first call could not
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
  if (claim.state === "pending") {
    await enqueueUnqueued(deps, claim);
  }
  return { response: execution.response, replayed: true };
}

async function enqueueUnqueued(deps: Deps, claim: IdempotencyClaim) {
  const { execution } = claim;
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
