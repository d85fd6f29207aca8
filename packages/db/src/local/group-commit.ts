import { type InStatement, LibsqlError, type ResultSet } from "@libsql/client";
import { type Connection, type StatementCache, runBatchStatement, runStatement } from "./statements.ts";

interface PendingWrite {
  statements: InStatement[];
  /** A batch runs in its own savepoint, while a single statement is atomic by itself. */
  batch: boolean;
  resolve(results: ResultSet[]): void;
  reject(error: unknown): void;
}

type Outcome = { write: PendingWrite; results: ResultSet[] } | { write: PendingWrite; error: unknown };

/**
 * Collects the writes submitted during one event-loop turn and runs them in one transaction,
 * each batch in its own SAVEPOINT, so one commit (one WAL append) serves many callers. A batch
 * that fails rolls back to its savepoint alone and its caller gets its own error. Every
 * promise settles only after the COMMIT that contains its writes, or after that commit failed.
 */
export class GroupCommit {
  readonly #connection: Connection;
  readonly #cache: StatementCache;
  #pending: PendingWrite[] = [];
  #scheduled = false;
  #pauses = 0;
  #commits = 0;

  constructor(connection: Connection, cache: StatementCache) {
    this.#connection = connection;
    this.#cache = cache;
  }

  /** Group transactions committed so far. */
  get commits(): number {
    return this.#commits;
  }

  /** Queues the statements for the next group commit and returns their results after it. */
  submit(statements: InStatement[], batch: boolean): Promise<ResultSet[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ statements, batch, resolve, reject });
      this.#schedule();
    });
  }

  /**
   * Stops committing until the returned function is called, and every other pause has ended.
   * While paused, writes wait, so this connection takes no write lock that another connection
   * of the process waits for, and adds nothing to the WAL.
   */
  pause(): () => void {
    this.#pauses += 1;
    let resumed = false;
    return () => {
      if (!resumed) {
        resumed = true;
        this.#pauses -= 1;
        this.#schedule();
      }
    };
  }

  /** Commits every queued write now, unless paused or `force` is set. */
  flush(force = false): void {
    this.#scheduled = false;
    while ((force || this.#pauses === 0) && this.#pending.length > 0) {
      const group = this.#pending;
      this.#pending = [];
      let outcomes: Outcome[];
      try {
        outcomes = this.#commit(group);
      } catch (error) {
        // Only a failing BEGIN, SAVEPOINT or RELEASE lands here, and then nothing of the group is kept.
        this.#rollbackQuietly();
        outcomes = group.map((write) => ({ write, error }));
      }
      settle(outcomes);
    }
  }

  /** Rejects every queued write with `error`, for writes that a closed client could not commit. */
  abandon(error: unknown): void {
    const group = this.#pending;
    this.#pending = [];
    for (const write of group) {
      write.reject(error);
    }
  }

  #schedule(): void {
    if (!this.#scheduled && this.#pauses === 0 && this.#pending.length > 0) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  #commit(group: PendingWrite[]): Outcome[] {
    const outcomes: Outcome[] = [];
    let committed = 0;
    try {
      this.#run("BEGIN IMMEDIATE");
    } catch (error) {
      return group.map((write) => ({ write, error }));
    }
    for (const write of group) {
      const outcome = this.#runWrite(write);
      outcomes.push(outcome);
      if (!this.#connection.inTransaction) {
        // Some errors (a full disk, ON CONFLICT ROLLBACK) end the whole transaction, and with
        // it the writes of the batches before this one. Those fail, and the rest start over.
        if ("error" in outcome) {
          markLost(outcomes, committed, outcomes.length - 1, outcome.error);
        }
        committed = outcomes.length;
        try {
          this.#run("BEGIN IMMEDIATE");
        } catch (error) {
          return [...outcomes, ...group.slice(outcomes.length).map((write) => ({ write, error }))];
        }
      }
    }
    try {
      this.#run("COMMIT");
      this.#commits += 1;
    } catch (error) {
      this.#rollbackQuietly();
      for (let i = committed; i < outcomes.length; i++) {
        outcomes[i] = { write: (outcomes[i] as Outcome).write, error };
      }
    }
    return outcomes;
  }

  #runWrite(write: PendingWrite): Outcome {
    if (!write.batch) {
      try {
        return { write, results: [runStatement(this.#cache, write.statements[0] as InStatement)] };
      } catch (error) {
        return { write, error };
      }
    }
    this.#run("SAVEPOINT herald_batch");
    const results: ResultSet[] = [];
    for (const [index, statement] of write.statements.entries()) {
      try {
        results.push(runBatchStatement(this.#cache, statement, index));
      } catch (error) {
        if (this.#connection.inTransaction) {
          this.#run("ROLLBACK TO herald_batch");
          this.#run("RELEASE herald_batch");
        }
        return { write, error };
      }
    }
    this.#run("RELEASE herald_batch");
    return { write, results };
  }

  #run(sql: string): void {
    runStatement(this.#cache, sql);
  }

  #rollbackQuietly(): void {
    if (this.#connection.inTransaction) {
      try {
        this.#run("ROLLBACK");
      } catch {
        // The transaction is gone either way, and the callers already have the commit error.
      }
    }
  }
}

function settle(outcomes: Outcome[]): void {
  for (const outcome of outcomes) {
    if ("error" in outcome) {
      outcome.write.reject(outcome.error);
    } else {
      outcome.write.resolve(outcome.results);
    }
  }
}

function markLost(outcomes: Outcome[], from: number, to: number, cause: unknown): void {
  const error = new LibsqlError(
    "the group transaction was rolled back by a failing statement of another write, so this write was not committed. Retry it",
    "TRANSACTION_ROLLED_BACK",
    undefined,
    undefined,
    cause instanceof Error ? cause : undefined,
  );
  for (let i = from; i < to; i++) {
    outcomes[i] = { write: (outcomes[i] as Outcome).write, error };
  }
}
