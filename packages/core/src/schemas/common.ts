import * as v from "valibot";

export const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Checks the calendar fields exist, since Date.parse rolls 2026-02-30 over to March. */
function isRealDate(value: string): boolean {
  const [, year, month, day, hour, minute, second] =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value)?.map(Number) ?? [];
  if (year === undefined || month === undefined || day === undefined) {
    return false;
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const timeOk = (hour ?? 0) < 24 && (minute ?? 0) < 60 && (Number.isNaN(second ?? 0) ? true : (second ?? 0) < 60);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && timeOk && !Number.isNaN(Date.parse(value));
}

/** An ISO 8601 instant with an offset, normalized to UTC (`2026-01-01T09:00:00.000Z`). */
export const instant = v.pipe(
  v.string("must be a string"),
  v.regex(ISO_INSTANT, "must be an ISO 8601 date-time with an offset, e.g. 2026-01-01T09:00:00Z"),
  v.check(isRealDate, "is not a real date and time, e.g. February has no 30th"),
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

/** A JSON object; arrays are rejected before valibot's record would turn them into objects. */
export const jsonObject = v.pipe(
  v.unknown(),
  v.check((value) => !Array.isArray(value), "must be an object, not an array"),
  v.record(v.string(), v.unknown(), "must be an object"),
);

/** A namespace code: the kind of identity that names a recipient, such as `email` or `crmId`. */
export const namespaceCode = v.pipe(
  v.string("must be a string"),
  v.regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, "must be a namespace code such as email, phone or ecid"),
);
