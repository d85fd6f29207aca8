import type { Deps } from "./deps.ts";
import { FINAL_STATUSES } from "./delivery-deps.ts";
import { finish } from "./record-outcome.ts";
import type { DeliveryJob } from "./ports.ts";

/**
 * Gives up on a message whose queue retries ran out, as the dead-letter queue's consumer:
 * `failed` with the last reason an attempt recorded, or `unknown` when the last attempt
 * claimed it and never recorded an outcome. A message already final is left as it is.
 */
export async function deadLetterMessage(deps: Deps, job: DeliveryJob): Promise<void> {
  const state = await deps.store.loadDelivery(job.messageId);
  if (state === null) {
    deps.log.warn("dead letter for missing message", { messageId: job.messageId });
    return;
  }
  const { message } = state;
  if (FINAL_STATUSES.includes(message.status)) {
    return;
  }
  if (message.status === "sending") {
    const reason = `gave up after ${message.attempts} attempts; the last one ended without a recorded outcome, so it may have been delivered`;
    await finish(deps, state, { status: "unknown", reason });
    deps.log.warn("message outcome unknown", { messageId: message.id, attempts: message.attempts, reason });
    return;
  }
  const last = message.reason ?? "delivery failed before any send attempt";
  const reason = `gave up after ${message.attempts} attempts: ${last}`;
  await finish(deps, state, { status: "failed", reason });
  deps.log.warn("message failed", { messageId: message.id, attempts: message.attempts, reason });
}
