import { describe, expect, it } from "vitest";
import { applyMergePatch } from "./merge-patch.ts";

describe("applyMergePatch", () => {
  it("replaces a member", () => {
    expect(applyMergePatch({ a: 1, b: 2 }, { a: 3 })).toEqual({ a: 3, b: 2 });
  });

  it("removes a member set to null", () => {
    expect(applyMergePatch({ a: 1, b: 2 }, { a: null })).toEqual({ b: 2 });
  });

  it("merges nested objects", () => {
    expect(applyMergePatch({ a: { b: 1, c: 2 } }, { a: { c: 3 } })).toEqual({ a: { b: 1, c: 3 } });
  });

  it("replaces arrays whole", () => {
    expect(applyMergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
  });

  it("replaces the target with a non-object patch", () => {
    expect(applyMergePatch({ a: 1 }, "text")).toBe("text");
  });

  it("leaves the target unchanged", () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});
