import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema/index.ts";

/** The async drizzle SQLite database both D1 and libSQL provide. */
export type HeraldDatabase = BaseSQLiteDatabase<"async", unknown, typeof schema> & {
  batch<T extends [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]>(queries: T): Promise<unknown[]>;
};
