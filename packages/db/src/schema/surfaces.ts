import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { sandboxes } from "./sandboxes.ts";

export const surfaces = sqliteTable(
  "surfaces",
  {
    id: text("id").primaryKey(),
    sandboxId: text("sandbox_id")
      .notNull()
      .references(() => sandboxes.id),
    channel: text("channel", { enum: ["email", "sms", "push"] }).notNull(),
    name: text("name").notNull(),
    provider: text("provider").notNull(),
    /** Provider settings; credentials appear only as names of Worker secrets. */
    settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [index("surfaces_sandbox_id_idx").on(table.sandboxId)],
);
