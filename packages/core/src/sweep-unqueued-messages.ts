import type { Deps } from "./deps.ts";
import { enqueueMessages, markUnqueued } from "./enqueue-messages.ts";
import { HeraldError } from "./errors.ts";
import type { UnqueuedMessage } from "./ports.ts";
import type { Channel } from "./sending.ts";

export interface SweepOptions {
  /** Seconds after which a message handed to its queue but never taken counts as lost. */
  staleAfterSeconds: number;
  /** Messages claimed per database round trip. */
  batchSize?: number;
  /** Round trips per run, so one run stays within a scheduled handler's time limit. */
  maxBatches?: number;
}

export interface SweepResult {
  enqueued: number;
  /** True when the queue rejected a send, so the run stopped early. */
  queueUnavailable: boolean;
}

function byChannel(messages: UnqueuedMessage[]): Map<Channel, string[]> {
  const groups = new Map<Channel, string[]>();
  for (const message of messages) {
    const ids = groups.get(message.channel) ?? [];
    ids.push(message.id);
    groups.set(message.channel, ids);
  }
  return groups;
}

/**
 * Enqueues the `queued` messages that are not on their queue. These are the messages whose
 * enqueue failed, and those handed over more than `staleAfterSeconds` ago that no consumer
 * took, as a process that died between its write batch and its send leaves them. A message
 * enqueued twice is still sent once, because the consumer claims it before sending.
 */
export async function sweepUnqueuedMessages(deps: Deps, options: SweepOptions): Promise<SweepResult> {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 20;
  let enqueued = 0;
  for (let round = 0; round < maxBatches; round++) {
    const now = deps.now();
    const claimed = await deps.store.claimUnqueued({
      now: now.toISOString(),
      limit: batchSize,
      staleBefore: new Date(now.getTime() - options.staleAfterSeconds * 1000).toISOString(),
    });
    const groups = [...byChannel(claimed)];
    for (const [index, [channel, ids]] of groups.entries()) {
      try {
        await enqueueMessages(deps, channel, ids);
      } catch (error) {
        if (!(error instanceof HeraldError)) {
          throw error;
        }
        await markUnqueued(deps, groups.slice(index + 1).flatMap(([, rest]) => rest));
        deps.log.warn("sweep stopped", { enqueued });
        return { enqueued, queueUnavailable: true };
      }
      enqueued += ids.length;
    }
    if (claimed.length < batchSize) {
      break;
    }
  }
  if (enqueued > 0) {
    deps.log.info("unqueued messages enqueued", { enqueued });
  }
  return { enqueued, queueUnavailable: false };
}
