import type { MessageAddress, RenderedMessage } from "@herald/core";
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const MESSAGE_STATUSES = [
  "queued",
  "sending",
  "retrying",
  "sent",
  "delivered",
  "failed",
  "skipped",
  "unknown",
] as const;

export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    sandboxId: text("sandbox_id").notNull(),
    executionId: text("execution_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    campaignVersionId: text("campaign_version_id").notNull(),
    channel: text("channel", { enum: ["email", "sms", "push"] }).notNull(),
    recipientIndex: integer("recipient_index").notNull(),
    userId: text("user_id").notNull(),
    namespace: text("namespace"),
    profileId: text("profile_id"),
    address: text("address", { mode: "json" }).$type<MessageAddress>().notNull(),
    /** Per-send profile attributes and context, cleared once the message reaches a final state. */
    profileOverrides: text("profile_overrides", { mode: "json" }).$type<Record<string, unknown>>(),
    context: text("context", { mode: "json" }).$type<Record<string, unknown>>(),
    status: text("status", { enum: MESSAGE_STATUSES }).notNull(),
    reason: text("reason"),
    attempts: integer("attempts").notNull().default(0),
    providerMessageId: text("provider_message_id"),
    segments: integer("segments"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    sentAt: text("sent_at"),
    /**
     * When the message was last handed to its queue, or null when that failed and the message
     * waits for the sweep (or a retry of its trigger call) to enqueue it again.
     */
    queuedAt: text("queued_at"),
  },
  (table) => [
    index("messages_execution_id_idx").on(table.executionId),
    index("messages_sandbox_id_created_at_idx").on(table.sandboxId, table.createdAt),
    // Only messages still waiting for the consumer, so the sweep reads a small index.
    index("messages_queued_at_idx").on(table.queuedAt).where(sql`status = 'queued'`),
  ],
);

/** What the outbox provider would have sent, one row per message. */
export const outbox = sqliteTable("outbox", {
  messageId: text("message_id").primaryKey(),
  channel: text("channel", { enum: ["email", "sms", "push"] }).notNull(),
  rendered: text("rendered", { mode: "json" }).$type<RenderedMessage>().notNull(),
  createdAt: text("created_at").notNull(),
});
