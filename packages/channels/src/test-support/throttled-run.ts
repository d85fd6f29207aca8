import type { MessageRecord } from "@herald/core";
import type { HeraldFixture } from "./herald-fixture.ts";

/** A run of 1,450 sends through a provider that throttles after accepting 578 of them. */
export const RUN_TOTAL = 1_450;
export const ACCEPTED_BEFORE_THROTTLE = 578;

/**
 * Queue settings for a run. smtp-server holds each greeting back 100 ms to catch early talkers,
 * so a run needs many consumers, and 1 ms per second of retry delay keeps the backoff short.
 */
export const RUN_QUEUE = { maxRetries: 10, concurrency: 100, msPerSecond: 1 };
export const RUN_TIMEOUT_MS = 180_000;

export const loginCodeCampaign = {
  channel: "email",
  title: "Login code",
  content: { subject: "Your code", text: "Your login code is {{context.code}}" },
};

/** Returns `count` external recipients whose context codes end in `tag`. */
export function runRecipients(count: number, tag: string) {
  return Array.from({ length: count }, (_, index) => ({
    type: "external",
    userId: `${tag}-${index}@example.com`,
    context: { code: `C${index}-${tag}` },
  }));
}

/** Creates the campaign, triggers it for `total` recipients and delivers until the queue is empty. */
export async function runCampaign(fixture: HeraldFixture, surface: Record<string, unknown>, tag: string, total = RUN_TOTAL) {
  const { sandboxId, campaignId } = await fixture.liveCampaign(surface, loginCodeCampaign);
  const ids = await fixture.trigger(sandboxId, campaignId, runRecipients(total, tag));
  await fixture.queue.drain(fixture.deps);
  const rows = await Promise.all(ids.map(async (id) => (await fixture.deps.store.loadDelivery(id))?.message));
  const messages = rows.filter((row): row is MessageRecord => row !== undefined);
  return { ids, messages };
}

/** Counts messages per status. */
export function countByStatus(messages: MessageRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const message of messages) {
    counts[message.status] = (counts[message.status] ?? 0) + 1;
  }
  return counts;
}
