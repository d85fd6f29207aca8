/** Every error code the API can return; the HTTP layer maps each one to a status. */
export const ERROR_CODES = [
  "VALIDATION_FAILED",
  "MALFORMED_JSON",
  "PAYLOAD_TOO_LARGE",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "SANDBOX_MISMATCH",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "CAMPAIGN_NOT_FOUND",
  "CAMPAIGN_NOT_LIVE",
  "CAMPAIGN_NOT_STARTED",
  "CAMPAIGN_ENDED",
  "CAMPAIGN_NOT_READY",
  "INVALID_STATE",
  "RECIPIENTS_REJECTED",
  "IDEMPOTENCY_CONFLICT",
  "REQUEST_IN_PROGRESS",
  "CONFLICT",
  "RATE_LIMITED",
  "QUEUE_UNAVAILABLE",
  "DATABASE_BUSY",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One located problem: `path` uses the request's own field names, e.g. `recipients[0].userId`. */
export interface ErrorDetail {
  path: string;
  message: string;
  code?: string;
  index?: number;
}

/** A domain failure with a stable code; the HTTP layer turns it into the error envelope. */
export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetail[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "HeraldError";
    this.code = code;
    this.details = options.details ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Longest id echoed back in an error message; longer ones are cut. */
const ECHOED_ID_MAX = 80;

export function notFound(kind: string, id: string): HeraldError {
  const shown = id.length > ECHOED_ID_MAX ? `${id.slice(0, ECHOED_ID_MAX)}…` : id;
  return new HeraldError("NOT_FOUND", `${kind} ${shown} was not found`);
}

const SUMMARY_MAX = 300;

/**
 * Describes an error in one short line that is safe to log or store. drizzle prefixes driver
 * errors with the query and its parameters, which can hold addresses and rendered content,
 * so the driver's own error is used instead.
 */
export function errorSummary(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.message.startsWith("Failed query") && current.cause) {
    current = current.cause;
  }
  const text = current instanceof Error ? current.message : String(current);
  const line = (text.split("\n")[0] ?? "").trim();
  return line.length > SUMMARY_MAX ? `${line.slice(0, SUMMARY_MAX)}…` : line;
}
