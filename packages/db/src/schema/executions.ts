import type { TriggerResponse } from "@herald/core";
import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { sandboxes } from "./sandboxes.ts";

export const executions = sqliteTable(
  "executions",
  {
    id: text("id").primaryKey(),
    sandboxId: text("sandbox_id")
      .notNull()
      .references(() => sandboxes.id),
    campaignId: text("campaign_id").notNull(),
    campaignVersionId: text("campaign_version_id").notNull(),
    requestId: text("request_id").notNull(),
    /** SHA-256 of the canonical request body; the idempotency key row holds the one that decides. */
    requestHash: text("request_hash").notNull(),
    response: text("response", { mode: "json" }).$type<TriggerResponse>().notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    index("executions_sandbox_id_request_id_idx").on(table.sandboxId, table.requestId),
    index("executions_sandbox_id_created_at_idx").on(table.sandboxId, table.createdAt),
  ],
);
