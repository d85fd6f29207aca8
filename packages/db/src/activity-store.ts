import type { ActivityStore, ListWindow, MessageStatus, StatusCount } from "@herald/core";
import { type SQL, and, count, desc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { HeraldDatabase } from "./database.ts";
import { toExecution, toMessage } from "./rows.ts";
import { executions, messages } from "./schema/index.ts";

interface Sortable {
  createdAt: SQLiteColumn;
  id: SQLiteColumn;
}

/** Conditions for a time range and a keyset page over rows sorted by (created_at, id) descending. */
export function windowConditions(table: Sortable, window: ListWindow): (SQL | undefined)[] {
  const { since, until, before } = window;
  return [
    since === undefined ? undefined : gte(table.createdAt, since),
    until === undefined ? undefined : lte(table.createdAt, until),
    before === undefined
      ? undefined
      : or(
          lt(table.createdAt, before.createdAt),
          and(eq(table.createdAt, before.createdAt), lt(table.id, before.id)),
        ),
  ];
}

export function activityStore(db: HeraldDatabase): ActivityStore {
  return {
    async listMessages(sandboxId, filter) {
      const rows = await db
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.sandboxId, sandboxId),
            filter.statuses === undefined ? undefined : inArray(messages.status, filter.statuses),
            filter.campaignId === undefined ? undefined : eq(messages.campaignId, filter.campaignId),
            filter.executionId === undefined ? undefined : eq(messages.executionId, filter.executionId),
            filter.channel === undefined ? undefined : eq(messages.channel, filter.channel),
            filter.userId === undefined ? undefined : eq(messages.userId, filter.userId),
            ...windowConditions(messages, filter),
          ),
        )
        .orderBy(desc(messages.createdAt), desc(messages.id))
        .limit(filter.limit);
      return rows.map(toMessage);
    },

    async listExecutions(sandboxId, filter) {
      const rows = await db
        .select()
        .from(executions)
        .where(
          and(
            eq(executions.sandboxId, sandboxId),
            filter.campaignId === undefined ? undefined : eq(executions.campaignId, filter.campaignId),
            ...windowConditions(executions, filter),
          ),
        )
        .orderBy(desc(executions.createdAt), desc(executions.id))
        .limit(filter.limit);
      return rows.map(toExecution);
    },

    async countStatusesByExecution(executionIds) {
      const counts = new Map<string, StatusCount[]>();
      if (executionIds.length === 0) {
        return counts;
      }
      const rows = await db
        .select({ executionId: messages.executionId, status: messages.status, count: count() })
        .from(messages)
        .where(inArray(messages.executionId, executionIds))
        .groupBy(messages.executionId, messages.status);
      for (const row of rows) {
        const list = counts.get(row.executionId) ?? [];
        list.push({ status: row.status as MessageStatus, count: row.count });
        counts.set(row.executionId, list);
      }
      return counts;
    },

    async countMessagesByHour(sandboxId, filter) {
      // created_at is an ISO instant in UTC, so its first 13 characters name its hour.
      const hour = sql<string>`substr(${messages.createdAt}, 1, 13)`;
      const rows = await db
        .select({ hour, status: messages.status, count: count() })
        .from(messages)
        .where(
          and(
            eq(messages.sandboxId, sandboxId),
            gte(messages.createdAt, filter.since),
            filter.campaignId === undefined ? undefined : eq(messages.campaignId, filter.campaignId),
            filter.channel === undefined ? undefined : eq(messages.channel, filter.channel),
          ),
        )
        .groupBy(hour, messages.status);
      return rows.map((row) => ({
        hour: `${row.hour}:00:00.000Z`,
        status: row.status as MessageStatus,
        count: row.count,
      }));
    },
  };
}
