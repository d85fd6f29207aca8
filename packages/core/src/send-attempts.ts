import { mergeObjects } from "./canonical-json.ts";
import type { Deps } from "./deps.ts";
import { errorSummary } from "./errors.ts";
import type { DeliveryState, PushTargetRecord } from "./ports.ts";
import { goneTargetReason, pushTargetKey } from "./push-targets.ts";
import { type Outcome, attemptOutcome, finalOutcome } from "./record-outcome.ts";
import { renderMessage } from "./render-message.ts";
import type { SendOutcome, Sender } from "./sending.ts";

/** A claimed message with its sender; `state.message.attempts` already counts this attempt. */
export interface Sendable {
  state: DeliveryState;
  sender: Sender;
}

/** Returns the key that groups the messages of one push target, or null for other channels. */
function laneKey(state: DeliveryState): string | null {
  const { address, sandboxId } = state.message;
  return address.channel === "push" ? `${sandboxId}\u0000${pushTargetKey(address.target).key}` : null;
}

/**
 * Groups the messages of one push target into one lane, in batch order, and gives every other
 * message a lane of its own. A lane runs in order, so after the push service reports a target
 * gone, the target's later messages in the batch are skipped instead of sent.
 */
function lanesOf(sendables: readonly Sendable[]): Sendable[][] {
  const lanes: Sendable[][] = [];
  const byTarget = new Map<string, Sendable[]>();
  for (const sendable of sendables) {
    const key = laneKey(sendable.state);
    const lane = key === null ? undefined : byTarget.get(key);
    if (lane !== undefined) {
      lane.push(sendable);
      continue;
    }
    const fresh = [sendable];
    lanes.push(fresh);
    if (key !== null) {
      byTarget.set(key, fresh);
    }
  }
  return lanes;
}

/**
 * Renders and sends every claimed message, running at most `concurrency` lanes at once, and
 * returns each message's outcome without writing it. `goneTargets` are the push targets
 * already marked gone. Messages to them are skipped unsent.
 */
export async function attemptSends(
  deps: Deps,
  sendables: readonly Sendable[],
  goneTargets: readonly PushTargetRecord[],
  concurrency: number,
): Promise<Outcome[]> {
  const gone = new Map(goneTargets.map((target) => [`${target.sandboxId}\u0000${target.key}`, target]));
  const lanes = lanesOf(sendables);
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < lanes.length) {
      const lane = lanes[next++] ?? [];
      for (const sendable of lane) {
        const key = laneKey(sendable.state);
        const outcome = await attemptSend(deps, sendable, key === null ? undefined : gone.get(key));
        if (key !== null && outcome.goneTarget !== undefined) {
          gone.set(key, outcome.goneTarget);
        }
        outcomes.push(outcome);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, lanes.length) }, worker));
  return outcomes;
}

/** Sends one claimed message, unless its push target is gone or its content no longer renders. */
async function attemptSend(deps: Deps, sendable: Sendable, gone: PushTargetRecord | undefined): Promise<Outcome> {
  const { message, version, surface, profile } = sendable.state;
  if (gone !== undefined) {
    return finalOutcome(message, { status: "skipped", reason: goneTargetReason(gone) }, () =>
      deps.log.info("message skipped", { messageId: message.id, reason: "push target gone" }),
    );
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
    return finalOutcome(message, { status: "failed", reason: result.message }, () =>
      deps.log.warn("message failed", { messageId: message.id, reason: result.code }),
    );
  }

  const started = Date.now();
  let outcome: SendOutcome;
  try {
    outcome = await sendable.sender.send({ messageId: message.id, rendered: result.rendered });
  } catch (error) {
    // Senders classify provider failures themselves; a throw is a fault before the request
    // went out, so a later attempt is safe.
    outcome = { kind: "retryable", reason: errorSummary(error) };
  }
  const fields = { messageId: message.id, attempt: message.attempts, outcome: outcome.kind, durationMs: Date.now() - started };
  return attemptOutcome(deps, message, { outcome, rendered: result.rendered, fields });
}
