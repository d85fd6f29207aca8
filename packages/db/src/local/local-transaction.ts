import { type InStatement, LibsqlError, type ResultSet, type Transaction } from "@libsql/client";
import { type Connection, type StatementCache, runBatchStatement, runStatement, toLibsqlError } from "./statements.ts";

/**
 * An interactive transaction on a connection of its own. `onSettle` runs once, when the
 * transaction commits, rolls back or closes, and hands the connection back.
 */
export class LocalTransaction implements Transaction {
  readonly #connection: Connection;
  readonly #cache: StatementCache;
  #onSettle: (() => void) | undefined;

  constructor(connection: Connection, cache: StatementCache, onSettle: () => void) {
    this.#connection = connection;
    this.#cache = cache;
    this.#onSettle = onSettle;
  }

  get closed(): boolean {
    return this.#onSettle === undefined;
  }

  async execute(statement: InStatement): Promise<ResultSet> {
    this.#checkOpen();
    return runStatement(this.#cache, statement);
  }

  async batch(statements: InStatement[]): Promise<ResultSet[]> {
    this.#checkOpen();
    return statements.map((statement, index) => runBatchStatement(this.#cache, statement, index));
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#checkOpen();
    try {
      this.#connection.exec(sql);
    } catch (error) {
      throw toLibsqlError(error);
    }
  }

  async commit(): Promise<void> {
    this.#checkOpen();
    try {
      runStatement(this.#cache, "COMMIT");
    } finally {
      this.close();
    }
  }

  async rollback(): Promise<void> {
    if (!this.closed) {
      this.close();
    }
  }

  /** Rolls back what is not committed and hands the connection back. */
  close(): void {
    const onSettle = this.#onSettle;
    if (onSettle === undefined) {
      return;
    }
    this.#onSettle = undefined;
    try {
      if (this.#connection.open && this.#connection.inTransaction) {
        runStatement(this.#cache, "ROLLBACK");
      }
    } finally {
      onSettle();
    }
  }

  #checkOpen(): void {
    if (this.closed) {
      throw new LibsqlError("The transaction is closed", "TRANSACTION_CLOSED");
    }
  }
}
