import type { Deps } from "./deps.ts";
import type { MessageStatus } from "./model.ts";
import { MESSAGE_STATUS_VALUES, hourlyStatsQuerySchema } from "./schemas/activity-query.ts";
import { parseInput } from "./validation.ts";

const HOUR_MS = 60 * 60 * 1000;

function emptyCounts(): Record<MessageStatus, number> {
  return Object.fromEntries(MESSAGE_STATUS_VALUES.map((status) => [status, 0])) as Record<MessageStatus, number>;
}

/**
 * Counts messages per UTC hour and status over the last `hours` hours, the current hour last,
 * with every hour present even when it has no messages. A message counts in the hour it was
 * created, under the status it has now.
 *
 * @example messagesPerHour(deps, sandboxId, { hours: "24" })
 */
export async function messagesPerHour(deps: Deps, sandboxId: string, query: unknown) {
  const input = parseInput(hourlyStatsQuerySchema, query);
  const currentHour = Math.floor(deps.now().getTime() / HOUR_MS) * HOUR_MS;
  const first = currentHour - (input.hours - 1) * HOUR_MS;
  const buckets = Array.from({ length: input.hours }, (_, index) => ({
    start: new Date(first + index * HOUR_MS).toISOString(),
    total: 0,
    counts: emptyCounts(),
  }));
  const byStart = new Map(buckets.map((bucket) => [bucket.start, bucket]));
  const rows = await deps.store.countMessagesByHour(sandboxId, {
    since: new Date(first).toISOString(),
    campaignId: input.campaignId,
    channel: input.channel,
  });
  for (const row of rows) {
    const bucket = byStart.get(row.hour);
    if (bucket) {
      bucket.counts[row.status] += row.count;
      bucket.total += row.count;
    }
  }
  return {
    from: new Date(first).toISOString(),
    to: new Date(currentHour + HOUR_MS).toISOString(),
    statuses: MESSAGE_STATUS_VALUES,
    buckets,
  };
}
