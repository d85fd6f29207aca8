import { fileURLToPath } from "node:url";
import { type Client, createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import type { HeraldDatabase } from "./database.ts";
import * as schema from "./schema/index.ts";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));

/**
 * Opens a libSQL database (`file:herald.db`, `libsql://…`). Local files use WAL with
 * synchronous=NORMAL: a commit survives a process crash without an fsync per row.
 */
export async function openLibsqlDatabase(
  url: string,
  authToken?: string,
): Promise<{ db: HeraldDatabase; client: Client }> {
  const client = createClient(authToken ? { url, authToken } : { url });
  if (url.startsWith("file:")) {
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA synchronous = NORMAL");
    await client.execute("PRAGMA busy_timeout = 5000");
  }
  await client.execute("PRAGMA foreign_keys = ON");
  const db = drizzle(client, { schema }) as unknown as HeraldDatabase;
  return { db, client };
}

/** Applies every pending migration from the shared migrations folder. */
export async function migrateLibsql(db: HeraldDatabase): Promise<void> {
  await migrate(db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
}
