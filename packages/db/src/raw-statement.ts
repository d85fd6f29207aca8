import type { Query, SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteDialect } from "drizzle-orm/sqlite-core";
import type { HeraldDatabase } from "./database.ts";

interface Internals {
  dialect: SQLiteDialect;
  session: { prepareQuery(query: Query, fields: undefined, method: "run" | "all", arrayMode: boolean): unknown };
}

/**
 * Wraps a `sql` template as a batch item that drizzle 0.45's D1 and libSQL sessions both run.
 * `db.run(sql)` cannot be used: D1's batch binds its parameters through a prepared statement,
 * which a raw query does not have. `all` returns rows as values in column order on D1 and as
 * objects on libSQL, so read them with `rowValues`.
 * NOTE: this relies on drizzle's `dialect`, `session.prepareQuery` and batch internals, so
 * recheck it when drizzle-orm is upgraded (the store tests cover libSQL, the Worker tests D1).
 */
export function rawStatement(db: HeraldDatabase, query: SQL, method: "run" | "all"): BatchItem<"sqlite"> {
  const { dialect, session } = db as unknown as Internals;
  const prepared = session.prepareQuery(dialect.sqlToQuery(query), undefined, method, false);
  return { _prepare: () => prepared } as unknown as BatchItem<"sqlite">;
}

/** Returns a row's values in column order, whether the driver gave an array or an object. */
export function rowValues(row: unknown): unknown[] {
  return Array.isArray(row) ? row : Object.values(row as Record<string, unknown>);
}
