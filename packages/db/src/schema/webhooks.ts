import type { WebhookEventType } from "@herald/core";
import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { sandboxes } from "./sandboxes.ts";

export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    sandboxId: text("sandbox_id")
      .notNull()
      .references(() => sandboxes.id),
    url: text("url").notNull(),
    /** The `whsec_` signing secret. Kept in clear because every delivery is signed with it. */
    secret: text("secret").notNull(),
    events: text("events", { mode: "json" }).$type<WebhookEventType[]>().notNull(),
    createdAt: text("created_at").notNull(),
    disabledAt: text("disabled_at"),
  },
  (table) => [index("webhooks_sandbox_id_idx").on(table.sandboxId)],
);
