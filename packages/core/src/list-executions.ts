import type { Deps } from "./deps.ts";
import { listWindow } from "./list-window.ts";
import type { ExecutionRecord } from "./model.ts";
import { pageOf } from "./page-cursor.ts";
import type { StatusCount } from "./ports.ts";
import { executionQuerySchema } from "./schemas/activity-query.ts";
import { parseInput } from "./validation.ts";

function executionSummary(execution: ExecutionRecord, counts: StatusCount[]) {
  const statuses: Record<string, number> = {};
  let recipients = 0;
  for (const { status, count } of counts) {
    statuses[status] = count;
    recipients += count;
  }
  return {
    executionId: execution.id,
    requestId: execution.requestId,
    campaignId: execution.campaignId,
    campaignVersionId: execution.campaignVersionId,
    createdAt: execution.createdAt,
    recipients,
    statuses,
  };
}

/**
 * Lists a sandbox's executions newest first, each with its recipient count per status.
 *
 * @example listExecutions(deps, sandboxId, { campaignId: "cmp_…", limit: "20" })
 */
export async function listExecutions(deps: Deps, sandboxId: string, query: unknown) {
  const input = parseInput(executionQuerySchema, query);
  const rows = await deps.store.listExecutions(sandboxId, {
    ...listWindow(input),
    campaignId: input.campaignId,
  });
  const { items, nextCursor } = pageOf(rows, input.limit);
  const counts = await deps.store.countStatusesByExecution(items.map((item) => item.id));
  return {
    items: items.map((item) => executionSummary(item, counts.get(item.id) ?? [])),
    nextCursor,
  };
}
