import { fileURLToPath } from "node:url";
import { type Client, createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import type { HeraldDatabase } from "./database.ts";
import { LocalClient } from "./local/local-client.ts";
import * as schema from "./schema/index.ts";

export { LocalClient, type LocalClientOptions } from "./local/local-client.ts";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));

// In WAL mode with synchronous=NORMAL a commit survives a process crash without an fsync per
// commit, but a power cut can lose the last commits.
const LOCAL_PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  "PRAGMA busy_timeout = 5000",
  "PRAGMA foreign_keys = ON",
];

// A thread checkpoints the WAL this often while writes pause, in place of SQLite's checkpoint
// inside the COMMIT that crosses 1,000 pages, which blocked the event loop for 5 to 20 ms in a
// test of 12-row commits. A shorter interval pauses writes more often, and a longer one lets
// the WAL grow further between checkpoints.
const CHECKPOINT_INTERVAL_MS = 200;

/**
 * Opens a libSQL database (`file:herald.db`, `libsql://…`). A local file gets LocalClient,
 * which keeps prepared statements, group-commits writes and checkpoints its WAL on a thread of
 * its own, reporting a failure of that thread to `onCheckpointError`. Any other URL, and a `file:` URL
 * with query parameters, gets `@libsql/client`.
 */
export async function openLibsqlDatabase(
  url: string,
  authToken?: string,
  options: { onCheckpointError?: (error: Error) => void } = {},
): Promise<{ db: HeraldDatabase; client: Client }> {
  const path = localPath(url);
  let client: Client;
  if (path === undefined) {
    client = createClient(authToken ? { url, authToken } : { url });
    for (const pragma of url.startsWith("file:") ? LOCAL_PRAGMAS : ["PRAGMA foreign_keys = ON"]) {
      await client.execute(pragma);
    }
  } else {
    client = new LocalClient(path, {
      pragmas: LOCAL_PRAGMAS,
      checkpointIntervalMs: CHECKPOINT_INTERVAL_MS,
      ...(options.onCheckpointError ? { onCheckpointError: options.onCheckpointError } : {}),
    });
  }
  const db = drizzle(client, { schema }) as unknown as HeraldDatabase;
  return { db, client };
}

/** Returns the file path of a `file:` URL, or undefined for a URL LocalClient does not open. */
export function localPath(url: string): string | undefined {
  if (!url.startsWith("file:") || url.includes("?")) {
    return undefined;
  }
  const path = url.startsWith("file://") ? fileURLToPath(url) : url.slice("file:".length);
  // An in-memory database exists once per connection, and LocalClient opens a second one.
  return path === "" || path === ":memory:" ? undefined : path;
}

/** Applies every pending migration from the shared migrations folder. */
export async function migrateLibsql(db: HeraldDatabase): Promise<void> {
  await migrate(db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
}
