import type { InArgs, InStatement, InValue, ResultSet, Row, Value } from "@libsql/client";
import { LibsqlBatchError, LibsqlError } from "@libsql/client";
import Database from "libsql";

export type Connection = Database.Database;

interface PreparedStatement {
  statement: Database.Statement<unknown[]>;
  /** True when the statement returns rows (a SELECT, or a write with RETURNING). */
  reader: boolean;
  columns: string[];
  columnTypes: string[];
}

/**
 * Keeps up to `maxSize` prepared statements of one connection, keyed by SQL text, and drops
 * the least recently used one past that. Preparing a statement costs more than running a
 * small one, and drizzle sends the same SQL text for every call of one query shape.
 */
export class StatementCache {
  readonly #connection: Connection;
  readonly #maxSize: number;
  readonly #entries = new Map<string, PreparedStatement>();

  constructor(connection: Connection, maxSize: number) {
    this.#connection = connection;
    this.#maxSize = maxSize;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Returns the prepared statement for `sql`, preparing it on a miss. */
  get(sql: string): PreparedStatement {
    const cached = this.#entries.get(sql);
    if (cached !== undefined) {
      // A Map iterates in insertion order, so re-inserting marks the entry as the newest.
      this.#entries.delete(sql);
      this.#entries.set(sql, cached);
      return cached;
    }
    const prepared = prepare(this.#connection, sql);
    this.#entries.set(sql, prepared);
    if (this.#entries.size > this.#maxSize) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return prepared;
  }

  /** Forgets every statement, so the next call prepares against the current schema. */
  clear(): void {
    this.#entries.clear();
  }
}

function prepare(connection: Connection, sql: string): PreparedStatement {
  const statement = connection.prepare(sql);
  const reader = statement.reader;
  // Integers come back as bigint, so a value past 2^53 raises instead of losing precision.
  statement.safeIntegers(true);
  if (!reader) {
    return { statement, reader, columns: [], columnTypes: [] };
  }
  statement.raw(true);
  const definitions = statement.columns();
  return {
    statement,
    reader,
    columns: definitions.map((column) => column.name),
    columnTypes: definitions.map((column) => column.type ?? ""),
  };
}

/** Runs one statement through `cache`, with the result shape and errors of `@libsql/client`. */
export function runStatement(cache: StatementCache, input: InStatement): ResultSet {
  const sql = typeof input === "string" ? input : input.sql;
  const args = typeof input === "string" ? [] : toSqlArgs(input.args ?? []);
  try {
    const prepared = cache.get(sql);
    if (prepared.reader) {
      const rows = (prepared.statement.all(args) as unknown[][]).map((values) => toRow(values, prepared.columns));
      // NOTE: like @libsql/client 0.18, a write with RETURNING reports 0 rows affected.
      return new LocalResultSet(prepared.columns, prepared.columnTypes, rows, 0, undefined);
    }
    const info = prepared.statement.run(args);
    return new LocalResultSet([], [], [], info.changes, BigInt(info.lastInsertRowid));
  } catch (error) {
    throw toLibsqlError(error);
  }
}

/** Converts a native SQLite error to a `LibsqlError` with the base and extended codes. */
export function toLibsqlError(error: unknown): unknown {
  if (!(error instanceof Database.SqliteError)) {
    return error;
  }
  // Extended names are the base name plus a suffix, as in SQLITE_CONSTRAINT_NOTNULL.
  const code = error.code.split("_").slice(0, 2).join("_");
  return new LibsqlError(error.message, code, error.code, error.rawCode, error);
}

/** Runs the statement at `index` of a batch, raising a `LibsqlBatchError` that names the index. */
export function runBatchStatement(cache: StatementCache, statement: InStatement, index: number): ResultSet {
  try {
    return runStatement(cache, statement);
  } catch (error) {
    if (error instanceof LibsqlError && !(error instanceof LibsqlBatchError)) {
      const cause = error.cause instanceof Error ? error.cause : undefined;
      throw new LibsqlBatchError(error.message, index, error.code, error.extendedCode, error.rawCode, cause);
    }
    throw error;
  }
}

class LocalResultSet implements ResultSet {
  constructor(
    readonly columns: string[],
    readonly columnTypes: string[],
    readonly rows: Row[],
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {}

  toJSON() {
    return {
      columns: this.columns,
      columnTypes: this.columnTypes,
      rows: this.rows.map((row) => Array.from(row as ArrayLike<Value>)),
      rowsAffected: this.rowsAffected,
      lastInsertRowid: this.lastInsertRowid?.toString() ?? null,
    };
  }
}

/**
 * Builds a row readable both by index and by column name, as `@libsql/client` does. The
 * indexes and `length` are not enumerable, so `Object.keys(row)` lists the column names only.
 */
function toRow(values: unknown[], columns: string[]): Row {
  const row: Record<string, Value> = {};
  Object.defineProperty(row, "length", { value: values.length });
  for (let i = 0; i < values.length; i++) {
    const value = fromSql(values[i]);
    Object.defineProperty(row, i, { value });
    const column = columns[i] as string;
    if (!Object.hasOwn(row, column)) {
      row[column] = value;
    }
  }
  return row as unknown as Row;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function fromSql(value: unknown): Value {
  if (typeof value === "bigint") {
    if (value < MIN_SAFE || value > MAX_SAFE) {
      throw new RangeError(`integer ${value} read from the database is outside the safe range of a JavaScript number`);
    }
    return Number(value);
  }
  if (value instanceof Uint8Array) {
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  }
  return value as Value;
}

function toSqlArgs(args: InArgs): unknown[] | Record<string, unknown> {
  if (Array.isArray(args)) {
    return args.map(toSqlValue);
  }
  const named: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    // SQLite names parameters with a prefix (`:id`, `@id`, `$id`), but the native binding takes the bare name.
    const bare = name[0] === ":" || name[0] === "@" || name[0] === "$" ? name.slice(1) : name;
    named[bare] = toSqlValue(value);
  }
  return named;
}

function toSqlValue(value: InValue): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new RangeError(`${value} cannot be stored: only finite numbers can be bound`);
  }
  if (typeof value === "boolean") {
    return value ? 1 : 0;
  }
  if (value instanceof Date) {
    return value.valueOf();
  }
  if (value instanceof ArrayBuffer) {
    return Buffer.from(value);
  }
  if (value === undefined) {
    throw new TypeError("undefined cannot be bound. Pass null for a missing value");
  }
  return value;
}
