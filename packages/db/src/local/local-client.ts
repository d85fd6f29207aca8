import {
  type Client,
  type InArgs,
  type InStatement,
  LibsqlError,
  type ResultSet,
  type Transaction,
  type TransactionMode,
} from "@libsql/client";
import Database from "libsql";
import { GroupCommit } from "./group-commit.ts";
import { LocalTransaction } from "./local-transaction.ts";
import { type Connection, StatementCache, runBatchStatement, runStatement, toLibsqlError } from "./statements.ts";
import { type CheckpointSchedule, scheduleCheckpoints } from "./wal-checkpoints.ts";

export interface LocalClientOptions {
  /** PRAGMA statements run on every connection the client opens, such as `PRAGMA foreign_keys = ON`. */
  pragmas?: string[];
  /** Prepared statements kept per connection. Default 256. */
  statementCacheSize?: number;
  /**
   * Milliseconds between WAL checkpoints on a thread of the client's own, in place of SQLite's
   * automatic checkpoint in the COMMIT that crosses 1,000 pages. Default: no thread.
   */
  checkpointIntervalMs?: number;
  /** Receives a failure of the checkpoint thread, after which SQLite checkpoints by itself again. */
  onCheckpointError?: (error: Error) => void;
}

const DEFAULT_STATEMENT_CACHE_SIZE = 256;
// SQLite's default `wal_autocheckpoint`, restored when the checkpoint thread fails.
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;
// Reads run at once on the committed state. Any other statement may write, so it waits for a group commit.
const READ = /^\s*(select|pragma|explain)\b/i;
const TRANSACTION_CONTROL = /^\s*(begin|commit|end|rollback|savepoint|release)\b/i;

interface Opened {
  connection: Connection;
  cache: StatementCache;
}

/**
 * A `@libsql/client` Client for a local database file that keeps prepared statements and
 * group-commits writes (see GroupCommit). It implements what drizzle's libsql driver calls:
 * `execute`, `batch`, `migrate` and `transaction`. A write's promise resolves after the COMMIT
 * that contains it. With `synchronous = NORMAL` in WAL that commit survives a process crash, but
 * not a power cut.
 */
export class LocalClient implements Client {
  readonly protocol = "file";
  readonly #path: string;
  readonly #pragmas: string[];
  readonly #cacheSize: number;
  readonly #options: LocalClientOptions;
  /** True while a thread checkpoints, so connections turn SQLite's own checkpoints off. */
  #checkpointsOnThread: boolean;
  #checkpoints: CheckpointSchedule | undefined;
  #main: Opened;
  #writes: GroupCommit;
  #spare: Opened | undefined;
  #open: LocalTransaction | undefined;
  #turn: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(path: string, options: LocalClientOptions = {}) {
    this.#path = path;
    this.#pragmas = options.pragmas ?? [];
    this.#cacheSize = options.statementCacheSize ?? DEFAULT_STATEMENT_CACHE_SIZE;
    this.#options = options;
    this.#checkpointsOnThread = options.checkpointIntervalMs !== undefined;
    this.#main = this.#connect();
    this.#writes = new GroupCommit(this.#main.connection, this.#main.cache);
    this.#startCheckpointer();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Prepared statements kept by the main connection. */
  get cachedStatements(): number {
    return this.#main.cache.size;
  }

  /** Group transactions committed since the client opened or reconnected. */
  get groupCommits(): number {
    return this.#writes.commits;
  }

  async execute(input: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const statement = typeof input === "string" ? { sql: input, args: args ?? [] } : input;
    const sql = typeof statement === "string" ? statement : statement.sql;
    this.#check(sql);
    if (READ.test(sql)) {
      return runStatement(this.#main.cache, statement);
    }
    const [result] = await this.#writes.submit([statement], false);
    return result as ResultSet;
  }

  async batch(input: Array<InStatement | [string, InArgs?]>, _mode?: TransactionMode): Promise<ResultSet[]> {
    const statements = input.map((item) => (Array.isArray(item) ? { sql: item[0], args: item[1] ?? [] } : item));
    for (const statement of statements) {
      this.#check(typeof statement === "string" ? statement : statement.sql);
    }
    // A batch of reads only runs at once in a read transaction, whatever `mode` requests.
    if (statements.every((statement) => READ.test(typeof statement === "string" ? statement : statement.sql))) {
      return this.#readBatch(statements);
    }
    return this.#writes.submit(statements, true);
  }

  /** Runs migration statements in one transaction with foreign keys off, after the queued writes. */
  async migrate(statements: InStatement[]): Promise<ResultSet[]> {
    this.#check();
    const done = await this.#takeTurn();
    const { cache } = this.#main;
    try {
      this.#writes.flush(true);
      const foreignKeys = runStatement(cache, "PRAGMA foreign_keys").rows[0]?.[0] === 1;
      runStatement(cache, "PRAGMA foreign_keys = OFF");
      try {
        return this.#runInTransaction("BEGIN IMMEDIATE", statements);
      } finally {
        runStatement(cache, `PRAGMA foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
        cache.clear();
      }
    } finally {
      done();
    }
  }

  /**
   * Opens an interactive transaction on a second connection, one at a time. Unless it is a
   * read transaction, group commits wait until it settles, so a write through the client
   * itself (not the transaction) while it is open waits for it.
   */
  async transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    this.#check();
    const done = await this.#takeTurn();
    const resume = mode === "read" ? undefined : this.#writes.pause();
    this.#writes.flush(true);
    const settle = () => {
      this.#open = undefined;
      resume?.();
      done();
    };
    try {
      this.#spare ??= this.#connect();
      runStatement(this.#spare.cache, BEGIN[mode]);
    } catch (error) {
      settle();
      throw error;
    }
    this.#open = new LocalTransaction(this.#spare.connection, this.#spare.cache, settle);
    return this.#open;
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#check();
    this.#writes.flush(true);
    const { connection, cache } = this.#main;
    try {
      connection.exec(sql);
    } catch (error) {
      throw toLibsqlError(error);
    } finally {
      if (connection.inTransaction) {
        runStatement(cache, "ROLLBACK");
      }
      cache.clear();
    }
  }

  async sync(): Promise<undefined> {
    throw new LibsqlError("sync() is only supported for embedded replicas, and this client opens a local file", "SYNC_NOT_SUPPORTED");
  }

  /** Rolls back an open interactive transaction, commits the queued writes and closes the file. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#shutDown();
    this.#closed = true;
  }

  reconnect(): void {
    this.#shutDown();
    this.#main = this.#connect();
    this.#writes = new GroupCommit(this.#main.connection, this.#main.cache);
    this.#startCheckpointer();
    this.#closed = false;
  }

  #startCheckpointer(): void {
    const intervalMs = this.#options.checkpointIntervalMs;
    if (intervalMs === undefined || !this.#checkpointsOnThread) {
      return;
    }
    const schedule = scheduleCheckpoints(this.#path, intervalMs, this.#writes, (error) => {
      if (this.#checkpoints !== schedule) {
        return;
      }
      this.#checkpoints = undefined;
      this.#checkpointsOnThread = false;
      // Only the connections of an open client still need checkpoints.
      if (!this.#closed) {
        for (const opened of [this.#main, this.#spare]) {
          opened?.connection.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
        }
      }
      this.#options.onCheckpointError?.(error);
    });
    this.#checkpoints = schedule;
  }

  #shutDown(): void {
    this.#checkpoints?.stop();
    this.#checkpoints = undefined;
    this.#open?.close();
    // A checkpoint may still hold a pause, and these writes must not wait for it.
    this.#writes.flush(true);
    this.#writes.abandon(new LibsqlError("The client is closed", "CLIENT_CLOSED"));
    this.#main.connection.close();
    this.#spare?.connection.close();
    this.#spare = undefined;
  }

  #connect(): Opened {
    const connection = new Database(this.#path);
    try {
      for (const pragma of this.#pragmas) {
        connection.exec(pragma);
      }
      if (this.#checkpointsOnThread) {
        connection.exec("PRAGMA wal_autocheckpoint = 0");
      }
    } catch (error) {
      connection.close();
      throw toLibsqlError(error);
    }
    return { connection, cache: new StatementCache(connection, this.#cacheSize) };
  }

  #readBatch(statements: InStatement[]): ResultSet[] {
    return this.#runInTransaction("BEGIN DEFERRED", statements);
  }

  /** Runs the statements on the main connection in one transaction, rolled back when one fails. */
  #runInTransaction(begin: string, statements: InStatement[]): ResultSet[] {
    const { connection, cache } = this.#main;
    runStatement(cache, begin);
    try {
      const results = statements.map((statement, index) => runBatchStatement(cache, statement, index));
      runStatement(cache, "COMMIT");
      return results;
    } finally {
      if (connection.inTransaction) {
        runStatement(cache, "ROLLBACK");
      }
    }
  }

  /**
   * Waits until no interactive transaction or migration runs and returns the release. Raises
   * CLIENT_CLOSED when the client closed during the wait.
   */
  async #takeTurn(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#turn;
    this.#turn = previous.then(() => released);
    await previous;
    if (this.#closed) {
      release();
      this.#check();
    }
    return release;
  }

  #check(sql?: string): void {
    if (this.#closed) {
      throw new LibsqlError("The client is closed", "CLIENT_CLOSED");
    }
    if (sql !== undefined && TRANSACTION_CONTROL.test(sql)) {
      throw new LibsqlError(
        `${sql.trim().split(/\s/)[0]} is not supported by execute() and batch(). Use batch() or transaction() to group statements`,
        "TRANSACTION_CONTROL_NOT_ALLOWED",
      );
    }
  }
}

const BEGIN: Record<TransactionMode, string> = {
  write: "BEGIN IMMEDIATE",
  read: "BEGIN DEFERRED",
  deferred: "BEGIN DEFERRED",
};
