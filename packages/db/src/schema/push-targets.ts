import { index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Push subscription endpoints and device tokens by sandbox. A target the push service reported
 * gone keeps `status` `gone`, and messages to it are skipped.
 */
export const pushTargets = sqliteTable(
  "push_targets",
  {
    sandboxId: text("sandbox_id").notNull(),
    /** The Web Push endpoint URL or the device token. */
    key: text("key").notNull(),
    kind: text("kind", { enum: ["web", "token"] }).notNull(),
    profileId: text("profile_id"),
    status: text("status", { enum: ["active", "gone"] }).notNull(),
    reason: text("reason"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.sandboxId, table.key] }),
    index("push_targets_profile_id_idx").on(table.profileId),
  ],
);
