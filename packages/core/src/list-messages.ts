import type { Deps } from "./deps.ts";
import { publicMessage } from "./get-execution.ts";
import { listWindow } from "./list-window.ts";
import { pageOf } from "./page-cursor.ts";
import { messageQuerySchema } from "./schemas/activity-query.ts";
import { parseInput } from "./validation.ts";

/**
 * Lists a sandbox's messages newest first, filtered by status, campaign, execution, channel,
 * recipient and creation time, one page at a time.
 *
 * @example listMessages(deps, sandboxId, { status: "failed", campaignId: "cmp_…" })
 */
export async function listMessages(deps: Deps, sandboxId: string, query: unknown) {
  const input = parseInput(messageQuerySchema, query);
  const rows = await deps.store.listMessages(sandboxId, {
    ...listWindow(input),
    statuses: input.status,
    campaignId: input.campaignId,
    executionId: input.executionId,
    channel: input.channel,
    userId: input.userId,
  });
  const { items, nextCursor } = pageOf(rows, input.limit);
  return { items: items.map(publicMessage), nextCursor };
}
