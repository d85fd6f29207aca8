import { type HeraldDatabase, schema } from "@herald/db";
import { createClient } from "@libsql/client/web";
import { drizzle as drizzleD1 } from "drizzle-orm/d1";
import { drizzle as drizzleLibsql } from "drizzle-orm/libsql/web";
import type { WorkerEnv } from "./worker-env.ts";

/** One libSQL client per isolate, reused while DATABASE_URL stays the same. */
let remote: { url: string; db: HeraldDatabase } | undefined;

/**
 * Opens the Worker's database: D1 through the `DB` binding, or a libSQL server such as Turso
 * when `DATABASE_URL` is set (with `DATABASE_AUTH_TOKEN`). Both run the same stores.
 */
export function workerDatabase(env: WorkerEnv): HeraldDatabase {
  const url = env.DATABASE_URL?.trim();
  if (!url) {
    return drizzleD1(env.DB, { schema }) as unknown as HeraldDatabase;
  }
  if (remote?.url !== url) {
    // NOTE: tests cover this path only as far as bundling; no libSQL server runs on loopback here.
    const client = createClient({ url, authToken: env.DATABASE_AUTH_TOKEN });
    remote = { url, db: drizzleLibsql(client, { schema }) as unknown as HeraldDatabase };
  }
  return remote.db;
}
