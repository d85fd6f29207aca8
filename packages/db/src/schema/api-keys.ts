import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { sandboxes } from "./sandboxes.ts";

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    sandboxId: text("sandbox_id")
      .notNull()
      .references(() => sandboxes.id),
    name: text("name").notNull(),
    /** SHA-256 of the key's secret part, hex; the secret itself is never stored. */
    secretHash: text("secret_hash").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
    /** Requests per window for this key; null uses the deployment's default. */
    rateLimit: integer("rate_limit"),
    rateLimitWindowSeconds: integer("rate_limit_window_seconds"),
  },
  (table) => [index("api_keys_sandbox_id_idx").on(table.sandboxId)],
);
