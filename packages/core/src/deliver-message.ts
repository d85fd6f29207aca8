import { deliverMessages } from "./deliver-messages.ts";
import type { DeliveryDeps } from "./delivery-deps.ts";
import type { DeliveryJob } from "./ports.ts";
import type { DeliveryDecision } from "./record-outcome.ts";

/**
 * Renders and sends one queued message and records the outcome: a batch of one for
 * `deliverMessages`, with the same rules. Returns whether the queue message is done (`ack`)
 * or must come back later (`retry`).
 */
export async function deliverMessage(deps: DeliveryDeps, job: DeliveryJob): Promise<DeliveryDecision> {
  const [decision] = await deliverMessages(deps, [job]);
  return decision ?? { action: "ack" };
}
