import { describe, expect, it } from "vitest";
import { joinSqlText, rowValues, sqlText } from "./raw-statement.ts";

describe("sqlText", () => {
  it("turns values into parameters", () => {
    const query = sqlText`SELECT * FROM t WHERE a = ${"x"} AND b = ${2}`;
    expect(query.sql).toBe("SELECT * FROM t WHERE a = ? AND b = ?");
    expect(query.params).toEqual(["x", 2]);
  });

  it("inlines nested text in order", () => {
    const inner = sqlText`(SELECT id FROM u WHERE name = ${"n"})`;
    const query = sqlText`INSERT INTO t VALUES (${1}, ${inner}, ${null})`;
    expect(query.sql).toBe("INSERT INTO t VALUES (?, (SELECT id FROM u WHERE name = ?), ?)");
    expect(query.params).toEqual([1, "n", null]);
  });

  it("keeps a value that looks like SQL as a parameter", () => {
    const query = sqlText`SELECT ${"'; DROP TABLE t; --"}`;
    expect(query.sql).toBe("SELECT ?");
    expect(query.params).toEqual(["'; DROP TABLE t; --"]);
  });

  it("joins fragments with a separator", () => {
    const query = joinSqlText([sqlText`a = ${1}`, sqlText`b = ${2}`], " OR ");
    expect(query.sql).toBe("a = ? OR b = ?");
    expect(query.params).toEqual([1, 2]);
  });
});

describe("rowValues", () => {
  it("reads an array row as is", () => {
    expect(rowValues(["a", 1])).toEqual(["a", 1]);
  });

  it("reads an object row in column order", () => {
    expect(rowValues({ id: "a", n: 1 })).toEqual(["a", 1]);
  });
});
