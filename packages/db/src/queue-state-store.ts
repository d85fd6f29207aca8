import type { QueueStateStore } from "@herald/core";
import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { idempotencyKeys, messages } from "./schema/index.ts";

/** D1 binds at most 100 parameters per statement, so id lists go in slices below that. */
const IDS_PER_STATEMENT = 90;

function slices<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

// A literal, not a bound parameter, so SQLite can use the partial index on queued messages.
const isQueued = sql`${messages.status} = 'queued'`;

export function queueStateStore(db: HeraldDatabase): QueueStateStore {
  return {
    async markUnqueued(messageIds, claim) {
      const statements: Parameters<typeof db.batch>[0][number][] = slices(messageIds, IDS_PER_STATEMENT).map(
        (ids) => db.update(messages).set({ queuedAt: null }).where(and(inArray(messages.id, ids), isQueued)),
      );
      if (claim !== undefined) {
        statements.push(
          db
            .update(idempotencyKeys)
            .set({ state: "pending" })
            .where(and(eq(idempotencyKeys.sandboxId, claim.sandboxId), eq(idempotencyKeys.key, claim.key))),
        );
      }
      const [first, ...rest] = statements;
      if (first !== undefined) {
        await db.batch([first, ...rest]);
      }
    },

    async claimUnqueued({ now, limit, staleBefore, executionId }) {
      const waiting = staleBefore === undefined ? isNull(messages.queuedAt) : or(isNull(messages.queuedAt), lt(messages.queuedAt, staleBefore));
      const candidates = db
        .select({ id: messages.id })
        .from(messages)
        .where(and(isQueued, waiting, executionId === undefined ? undefined : eq(messages.executionId, executionId)))
        .orderBy(asc(messages.queuedAt))
        .limit(limit);
      // One statement selects and stamps the rows, so two sweeps never take the same message.
      return db
        .update(messages)
        .set({ queuedAt: now })
        .where(and(inArray(messages.id, candidates), isQueued))
        .returning({ id: messages.id, channel: messages.channel });
    },
  };
}
