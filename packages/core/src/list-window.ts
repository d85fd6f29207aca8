import { HeraldError } from "./errors.ts";
import { decodeCursor } from "./page-cursor.ts";
import type { ListWindow } from "./ports.ts";

/**
 * Turns the shared list parameters into a store window. One row more than `limit` is fetched, so
 * the caller can tell whether a next page exists.
 */
export function listWindow(input: { since?: string; until?: string; cursor?: string; limit: number }): ListWindow {
  if (input.since !== undefined && input.until !== undefined && input.since > input.until) {
    const message = `must not be after until (${input.until})`;
    throw new HeraldError("VALIDATION_FAILED", `since: ${message}`, {
      details: [{ path: "since", message }],
    });
  }
  return {
    since: input.since,
    until: input.until,
    before: input.cursor === undefined ? undefined : decodeCursor(input.cursor),
    limit: input.limit + 1,
  };
}
