import * as v from "valibot";

export const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with an offset, normalized to UTC (`2026-01-01T09:00:00.000Z`). */
export const instant = v.pipe(
  v.string("must be a string"),
  v.regex(ISO_INSTANT, "must be an ISO 8601 date-time with an offset, e.g. 2026-01-01T09:00:00Z"),
  v.check((value) => !Number.isNaN(Date.parse(value)), "is not a real date"),
  v.transform((value) => new Date(value).toISOString()),
);

export function text(max: number) {
  return v.pipe(
    v.string("must be a string"),
    v.maxLength(max, `must be at most ${max} characters`),
  );
}

export function requiredText(max: number) {
  return v.pipe(
    v.string("must be a string"),
    v.trim(),
    v.minLength(1, "must not be empty"),
    v.maxLength(max, `must be at most ${max} characters`),
  );
}

/** Text that ends up in a header or a sender field, so it must not carry CR, LF or other controls. */
export function headerText(max: number) {
  return v.pipe(
    requiredText(max),
    v.regex(/^\P{Cc}*$/u, "must not contain line breaks or other control characters"),
  );
}

export const stringRecord = v.record(
  v.string(),
  v.string("must be a string"),
  "must be an object of strings",
);

export const jsonObject = v.record(v.string(), v.unknown(), "must be an object");
