import * as v from "valibot";
import { type ErrorDetail, HeraldError } from "./errors.ts";

/** Formats a valibot issue path the way the request spells it: `recipients[0].userId`. */
export function formatIssuePath(issue: v.BaseIssue<unknown>): string {
  let path = "";
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === "number") {
      path += `[${key}]`;
    } else {
      path += path === "" ? String(key) : `.${String(key)}`;
    }
  }
  return path;
}

export function issuesToDetails(issues: readonly v.BaseIssue<unknown>[]): ErrorDetail[] {
  return issues.map((issue) => ({ path: formatIssuePath(issue) || "(body)", message: issue.message }));
}

/** Parses `input` with `schema` or throws VALIDATION_FAILED listing every issue as `path: message`. */
export function parseInput<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) {
    return result.output;
  }
  const details = issuesToDetails(result.issues);
  const summary = details.map((detail) => `${detail.path}: ${detail.message}`).join("; ");
  throw new HeraldError("VALIDATION_FAILED", summary, { details });
}

/** Returns the UTF-8 size of a value serialized as JSON. */
export function jsonByteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).byteLength;
}
