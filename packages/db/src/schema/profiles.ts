import { index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { sandboxes } from "./sandboxes.ts";

export const profiles = sqliteTable(
  "profiles",
  {
    id: text("id").primaryKey(),
    sandboxId: text("sandbox_id")
      .notNull()
      .references(() => sandboxes.id),
    attributes: text("attributes", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdBy: text("created_by", { enum: ["interactive-messaging", "api"] }).notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [index("profiles_sandbox_id_idx").on(table.sandboxId)],
);

/** One row per identity; the primary key makes one profile per (sandbox, namespace, value). */
export const identities = sqliteTable(
  "identities",
  {
    sandboxId: text("sandbox_id").notNull(),
    namespace: text("namespace").notNull(),
    value: text("value").notNull(),
    profileId: text("profile_id")
      .notNull()
      .references(() => profiles.id),
  },
  (table) => [
    primaryKey({ columns: [table.sandboxId, table.namespace, table.value] }),
    index("identities_profile_id_idx").on(table.profileId),
  ],
);
