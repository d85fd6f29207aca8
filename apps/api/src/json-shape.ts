import { HeraldError } from "@herald/core";

/** Deepest nesting of objects and arrays a request body may have. */
export const MAX_JSON_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function invalid(path: string, message: string) {
  return new HeraldError("VALIDATION_FAILED", `${path}: ${message}`, { details: [{ path, message }] });
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") {
    return `${path}[${key}]`;
  }
  return path === "" ? key : `${path}.${key}`;
}

/**
 * Rejects bodies nested deeper than MAX_JSON_DEPTH and strings holding a lone UTF-16
 * surrogate, which no database or provider can store or send faithfully. Walks the value
 * without recursion, so a hostile body cannot overflow the stack.
 */
export function checkJsonShape(value: unknown): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: "", depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof item.value === "string") {
      if (LONE_SURROGATE.test(item.value)) {
        throw invalid(item.path || "(body)", "contains an unpaired UTF-16 surrogate; send valid Unicode text");
      }
      continue;
    }
    if (typeof item.value !== "object" || item.value === null) {
      continue;
    }
    if (item.depth >= MAX_JSON_DEPTH) {
      throw invalid(item.path || "(body)", `is nested deeper than ${MAX_JSON_DEPTH} levels; flatten it`);
    }
    const entries = Array.isArray(item.value)
      ? item.value.map((child, index) => [index, child] as const)
      : Object.entries(item.value);
    for (const [key, child] of entries) {
      if (typeof key === "string" && LONE_SURROGATE.test(key)) {
        throw invalid(item.path || "(body)", "has a key with an unpaired UTF-16 surrogate; send valid Unicode text");
      }
      stack.push({ value: child, path: join(item.path, key), depth: item.depth + 1 });
    }
  }
}
