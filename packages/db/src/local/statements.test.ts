import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "libsql";
import { afterAll, describe, expect, it } from "vitest";
import { StatementCache, runStatement } from "./statements.ts";

const dir = mkdtempSync(join(tmpdir(), "herald-statements-"));
const connection = new Database(join(dir, "statements.db"));

afterAll(() => {
  connection.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("statement cache", () => {
  it("spares a statement used since its insertion", () => {
    const cache = new StatementCache(connection, 4);
    cache.get("SELECT 0");
    cache.get("SELECT 0");
    for (let i = 1; i <= 4; i++) {
      cache.get(`SELECT ${i}`);
    }
    expect(cache.has("SELECT 0")).toBe(true);
    expect(cache.has("SELECT 1")).toBe(false);
    expect(cache.size).toBe(4);
  });

  it("evicts when every statement was used", () => {
    const cache = new StatementCache(connection, 2);
    for (const sql of ["SELECT 1", "SELECT 2"]) {
      cache.get(sql);
      cache.get(sql);
    }
    cache.get("SELECT 3");
    expect(cache.size).toBe(2);
    expect(cache.has("SELECT 3")).toBe(true);
  });
});

describe("rows", () => {
  it("keeps the first value of a repeated column name", () => {
    const cache = new StatementCache(connection, 4);
    const row = runStatement(cache, "SELECT 1 AS a, 2 AS a").rows[0];
    expect(row?.a).toBe(1);
    expect(row?.[1]).toBe(2);
    expect(Array.prototype.slice.call(row)).toEqual([1, 2]);
    expect(Object.keys(row ?? {})).toEqual(["a"]);
  });

  it("returns blobs as ArrayBuffers of their own bytes", () => {
    const cache = new StatementCache(connection, 4);
    const value = runStatement(cache, "SELECT x'0102ff' AS b").rows[0]?.b;
    expect(value).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(value as ArrayBuffer)]).toEqual([1, 2, 255]);
  });
});
