import { primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * One row per idempotency key in use. The primary key makes the claim: of two calls with one
 * key, only one holds the row. A row whose `expires_at` has passed frees the key.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    sandboxId: text("sandbox_id").notNull(),
    key: text("key").notNull(),
    /** SHA-256 of the canonical request body, to tell a replay from a reused key. */
    requestHash: text("request_hash").notNull(),
    executionId: text("execution_id").notNull(),
    /**
     * `claiming` from the call's read batch until its write batch, `done` from then on.
     * `pending` when some of the execution's messages could not be enqueued, so the next call
     * with this key enqueues them before it replays.
     */
    state: text("state", { enum: ["claiming", "pending", "done"] }).notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.sandboxId, table.key] })],
);
