import { sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const sandboxes = sqliteTable(
  "sandboxes",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [uniqueIndex("sandboxes_name_idx").on(table.name)],
);
