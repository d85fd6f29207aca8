import { describe, expect, it } from "vitest";
import { HeraldError } from "./errors.ts";
import { decodeCursor, encodeCursor, pageOf } from "./page-cursor.ts";

describe("page cursor", () => {
  it("round-trips a position", () => {
    const position = { createdAt: "2026-03-01T10:00:00.000Z", id: "msg_01abc" };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it("is URL-safe", () => {
    const cursor = encodeCursor({ createdAt: "2026-03-01T10:00:00.000Z", id: "msg_???>>>" });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("rejects text it did not encode", () => {
    for (const cursor of ["not-a-cursor", "W10", encodeCursor({ createdAt: "x", id: "y" }).slice(3)]) {
      expect(() => decodeCursor(cursor), cursor).toThrow(HeraldError);
    }
  });

  it("gives a next cursor only past the limit", () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: `2026-03-0${n}T00:00:00.000Z`, id: `msg_${n}` }));
    expect(pageOf(rows, 3).nextCursor).toBeNull();
    const page = pageOf(rows, 2);
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.nextCursor!)).toEqual(rows[1]);
  });
});
