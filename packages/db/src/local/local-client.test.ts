import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LibsqlBatchError, LibsqlError } from "@libsql/client";
import Database from "libsql";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalClient } from "./local-client.ts";

const dir = mkdtempSync(join(tmpdir(), "herald-local-client-"));
const PRAGMAS = ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 5000"];
let path: string;
let client: LocalClient;
let fileCount = 0;

/** Counts the rows of `notes` through a connection of its own, as another process would. */
function countFromOutside(): number {
  const outside = new Database(path);
  try {
    const row = outside.prepare("SELECT count(*) AS n FROM notes").get() as { n: number };
    return row.n;
  } finally {
    outside.close();
  }
}

const insert = (body: string | null) => ({ sql: "INSERT INTO notes (body) VALUES (?)", args: [body] });

beforeEach(async () => {
  fileCount += 1;
  path = join(dir, `notes-${fileCount}.db`);
  client = new LocalClient(path, { pragmas: PRAGMAS });
  await client.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
});

afterEach(() => {
  client.close();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("local client group commit", () => {
  it("commits batches of one turn together", async () => {
    const before = client.groupCommits;
    await Promise.all(Array.from({ length: 50 }, (_, i) => client.batch([insert(`note ${i}`)])));
    expect(client.groupCommits - before).toBe(1);
    expect(countFromOutside()).toBe(50);
  });

  it("rolls back a failing batch alone", async () => {
    const results = await Promise.allSettled([
      client.batch([insert("first")]),
      client.batch([insert("kept until the failure"), insert(null)]),
      client.batch([insert("third")]),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const failure = (results[1] as PromiseRejectedResult).reason;
    expect(failure).toBeInstanceOf(LibsqlBatchError);
    expect((failure as LibsqlBatchError).statementIndex).toBe(1);
    expect((failure as Error).message).toContain("NOT NULL constraint failed: notes.body");
    const rows = await client.execute("SELECT body FROM notes ORDER BY id");
    expect(rows.rows.map((row) => row.body)).toEqual(["first", "third"]);
  });

  it("fails a single statement alone", async () => {
    const results = await Promise.allSettled([client.execute(insert(null)), client.execute(insert("second"))]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "fulfilled"]);
    expect(((results[0] as PromiseRejectedResult).reason as LibsqlError).code).toBe("SQLITE_CONSTRAINT");
    expect(countFromOutside()).toBe(1);
  });

  it("fails earlier batches when a statement ends the transaction", async () => {
    await client.execute("CREATE TABLE tags (name TEXT PRIMARY KEY)");
    await client.execute({ sql: "INSERT INTO tags (name) VALUES (?)", args: ["taken"] });
    const results = await Promise.allSettled([
      client.batch([insert("lost with the transaction")]),
      client.execute({ sql: "INSERT OR ROLLBACK INTO tags (name) VALUES (?)", args: ["taken"] }),
      client.batch([insert("after the rollback")]),
    ]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(((results[0] as PromiseRejectedResult).reason as LibsqlError).code).toBe("TRANSACTION_ROLLED_BACK");
    const rows = await client.execute("SELECT body FROM notes");
    expect(rows.rows.map((row) => row.body)).toEqual(["after the rollback"]);
  });

  it("resolves a write only after its commit", async () => {
    const write = client.execute(insert("durable"));
    expect(countFromOutside()).toBe(0);
    await write;
    expect(countFromOutside()).toBe(1);
  });

  it("keeps committed writes after a reopen", async () => {
    await client.batch([insert("one"), insert("two")]);
    client.close();
    client = new LocalClient(path, { pragmas: PRAGMAS });
    const rows = await client.execute("SELECT body FROM notes ORDER BY id");
    expect(rows.rows.map((row) => row.body)).toEqual(["one", "two"]);
  });

  it("reads the committed state while writes wait", async () => {
    const write = client.execute(insert("queued"));
    const read = await client.execute("SELECT count(*) AS n FROM notes");
    expect(read.rows[0]?.n).toBe(0);
    await write;
    const after = await client.execute("SELECT count(*) AS n FROM notes");
    expect(after.rows[0]?.n).toBe(1);
  });

  it("returns rows of a write with RETURNING", async () => {
    const [inserted] = await client.batch([{ sql: "INSERT INTO notes (body) VALUES (?) RETURNING id, body", args: ["back"] }]);
    expect(inserted?.columns).toEqual(["id", "body"]);
    expect(inserted?.rows[0]?.body).toBe("back");
    expect(inserted?.rows[0]?.[0]).toBe(1);
  });

  it("commits queued writes on close", async () => {
    const write = client.execute(insert("before close"));
    client.close();
    await write;
    expect(countFromOutside()).toBe(1);
  });

  it("rejects calls after close", async () => {
    client.close();
    await expect(client.execute("SELECT 1")).rejects.toMatchObject({ code: "CLIENT_CLOSED" });
  });

  it("rejects transaction control statements", async () => {
    await expect(client.execute("BEGIN")).rejects.toMatchObject({ code: "TRANSACTION_CONTROL_NOT_ALLOWED" });
  });

  it("serves many concurrent callers", async () => {
    const writes = Array.from({ length: 500 }, (_, i) =>
      i % 2 === 0 ? client.execute(insert(`single ${i}`)) : client.batch([insert(`batch ${i}`)]),
    );
    const reads = Array.from({ length: 50 }, () => client.execute("SELECT count(*) AS n FROM notes"));
    await Promise.all([...writes, ...reads]);
    expect(countFromOutside()).toBe(500);
  });
});

describe("local client statements", () => {
  it("bounds the statement cache", async () => {
    client.close();
    client = new LocalClient(path, { pragmas: PRAGMAS, statementCacheSize: 4 });
    for (let i = 0; i < 10; i++) {
      await client.execute(`SELECT ${i} AS n`);
    }
    expect(client.cachedStatements).toBe(4);
    await client.execute("SELECT 9 AS n");
    expect(client.cachedStatements).toBe(4);
  });

  it("reads rows by index and by name", async () => {
    await client.execute(insert("named"));
    const result = await client.execute("SELECT id, body FROM notes");
    const row = result.rows[0];
    expect(row?.[1]).toBe("named");
    expect(row?.body).toBe("named");
    expect(Object.keys(row ?? {})).toEqual(["id", "body"]);
    expect(row?.length).toBe(2);
  });

  it("rejects an integer past the safe range", async () => {
    await expect(client.execute("SELECT 9007199254740993 AS big")).rejects.toBeInstanceOf(RangeError);
  });

  it("prepares again after a schema change", async () => {
    await client.execute(insert("before"));
    await client.execute("SELECT * FROM notes");
    await client.executeMultiple("ALTER TABLE notes ADD COLUMN tag TEXT DEFAULT 'new'");
    const result = await client.execute("SELECT * FROM notes");
    expect(result.columns).toEqual(["id", "body", "tag"]);
  });

  it("migrates with foreign keys restored", async () => {
    await client.execute("PRAGMA foreign_keys = ON");
    await client.migrate([{ sql: "CREATE TABLE labels (id INTEGER PRIMARY KEY, note_id INTEGER REFERENCES notes (id))" }]);
    const pragma = await client.execute("PRAGMA foreign_keys");
    expect(pragma.rows[0]?.[0]).toBe(1);
  });
});

describe("local client transactions", () => {
  it("commits an interactive transaction", async () => {
    const transaction = await client.transaction("write");
    await transaction.execute(insert("inside"));
    expect(countFromOutside()).toBe(0);
    await transaction.commit();
    expect(countFromOutside()).toBe(1);
  });

  it("rolls back an interactive transaction", async () => {
    const transaction = await client.transaction("write");
    await transaction.execute(insert("undone"));
    await transaction.rollback();
    expect(countFromOutside()).toBe(0);
    await expect(transaction.execute("SELECT 1")).rejects.toMatchObject({ code: "TRANSACTION_CLOSED" });
  });

  it("rejects a waiting transaction after close", async () => {
    const first = await client.transaction("write");
    const second = client.transaction("write");
    client.close();
    await expect(second).rejects.toMatchObject({ code: "CLIENT_CLOSED" });
    expect(first.closed).toBe(true);
  });

  it("pauses group commits during a transaction", async () => {
    const transaction = await client.transaction("write");
    await transaction.execute(insert("from the transaction"));
    let committed = false;
    const write = client.execute(insert("from the client")).then(() => {
      committed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(committed).toBe(false);
    await transaction.commit();
    await write;
    expect(countFromOutside()).toBe(2);
  });
});
