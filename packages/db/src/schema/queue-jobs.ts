import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The delivery queue of the Node server: one job per message, claimed with a lease. Workers
 * use Cloudflare Queues instead, so on D1 this table stays empty.
 */
export const queueJobs = sqliteTable(
  "queue_jobs",
  {
    messageId: text("message_id").primaryKey(),
    channel: text("channel", { enum: ["email", "sms", "push"] }).notNull(),
    /** How many times the job was claimed, including claims whose consumer died. */
    deliveries: integer("deliveries").notNull().default(0),
    /** When the job can next be claimed, in milliseconds since the epoch; null once dead. */
    visibleAt: integer("visible_at"),
    /** Set by each claim; only the holder of the current token can settle the job. */
    leaseToken: text("lease_token"),
    lastError: text("last_error"),
    deadAt: text("dead_at"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("queue_jobs_visible_at_idx").on(table.visibleAt)],
);
