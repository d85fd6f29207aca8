import type { InArgs, InStatement, InValue, ResultSet, Row, Value } from "@libsql/client";
import { LibsqlBatchError, LibsqlError } from "@libsql/client";
import Database from "libsql";

export type Connection = Database.Database;

interface PreparedStatement {
  statement: Database.Statement<unknown[]>;
  /** True when the statement returns rows (a SELECT or a write with RETURNING). */
  reader: boolean;
  columns: string[];
  columnTypes: string[];
  /** The prototype of this statement's rows, which reads them by index. */
  rowPrototype: object;
  /** Set on each use and cleared by eviction, which spares a used statement once. */
  used: boolean;
}

/**
 * Keeps up to `maxSize` prepared statements of one connection, keyed by SQL text. Past that it
 * drops the oldest statement not used since eviction last passed it (a second-chance, or
 * clock, approximation of least recently used that costs a flag write per hit). Preparing a
 * statement costs more than running a small one, and drizzle sends the same SQL text for every
 * call of one query shape.
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

  /** Returns whether `sql` is prepared, without counting as a use. */
  has(sql: string): boolean {
    return this.#entries.has(sql);
  }

  /** Returns the prepared statement for `sql`, preparing it on a miss. */
  get(sql: string): PreparedStatement {
    const cached = this.#entries.get(sql);
    if (cached !== undefined) {
      cached.used = true;
      return cached;
    }
    const prepared = prepare(this.#connection, sql);
    if (this.#entries.size >= this.#maxSize) {
      this.#evict();
    }
    this.#entries.set(sql, prepared);
    return prepared;
  }

  #evict(): void {
    // A Map iterates in insertion order, so a spared entry moves to the end by re-insertion.
    for (const [sql, entry] of this.#entries) {
      this.#entries.delete(sql);
      if (!entry.used) {
        return;
      }
      entry.used = false;
      this.#entries.set(sql, entry);
    }
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
    return { statement, reader, columns: [], columnTypes: [], rowPrototype: {}, used: false };
  }
  statement.raw(true);
  const definitions = statement.columns();
  return {
    statement,
    reader,
    columns: definitions.map((column) => column.name),
    columnTypes: definitions.map((column) => column.type ?? ""),
    rowPrototype: rowPrototype(definitions.length),
    used: false,
  };
}

/** Runs one statement through `cache`, with the result shape and errors of `@libsql/client`. */
export function runStatement(cache: StatementCache, input: InStatement): ResultSet {
  const sql = typeof input === "string" ? input : input.sql;
  const args = typeof input === "string" ? [] : toSqlArgs(input.args ?? []);
  try {
    const prepared = cache.get(sql);
    if (prepared.reader) {
      const rows = (prepared.statement.all(args) as unknown[][]).map((values) =>
        toRow(values, prepared.columns, prepared.rowPrototype),
      );
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

const VALUES = Symbol("values");

/**
 * Returns a prototype whose indexes and `length` read a row's values, none of them enumerable,
 * so `Object.keys(row)` lists the column names only, as with `@libsql/client`. Sharing it per
 * statement spares a property definition per value and row.
 */
function rowPrototype(width: number): object {
  const prototype = {};
  Object.defineProperty(prototype, "length", { value: width });
  for (let i = 0; i < width; i++) {
    Object.defineProperty(prototype, i, {
      get(this: { [VALUES]: Value[] }) {
        return this[VALUES][i];
      },
    });
  }
  return prototype;
}

/** Builds a row readable both by index and by column name. A repeated name keeps its first value. */
function toRow(values: unknown[], columns: string[], prototype: object): Row {
  const converted = values.map(fromSql);
  const row: Record<string | symbol, unknown> = Object.create(prototype);
  Object.defineProperty(row, VALUES, { value: converted });
  for (let i = 0; i < converted.length; i++) {
    const column = columns[i] as string;
    if (!Object.hasOwn(row, column)) {
      row[column] = converted[i];
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
