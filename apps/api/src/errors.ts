import { type ErrorCode, HeraldError, errorSummary } from "@herald/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./app-env.ts";

export function statusOf(code: ErrorCode): ContentfulStatusCode {
  switch (code) {
    case "VALIDATION_FAILED":
    case "MALFORMED_JSON":
      return 400;
    case "UNAUTHORIZED":
      return 401;
    case "FORBIDDEN":
    case "SANDBOX_MISMATCH":
      return 403;
    case "NOT_FOUND":
    case "CAMPAIGN_NOT_FOUND":
      return 404;
    case "CAMPAIGN_NOT_LIVE":
    case "CAMPAIGN_NOT_STARTED":
    case "CAMPAIGN_ENDED":
    case "INVALID_STATE":
    case "IDEMPOTENCY_CONFLICT":
    case "REQUEST_IN_PROGRESS":
    case "CONFLICT":
      return 409;
    case "METHOD_NOT_ALLOWED":
      return 405;
    case "PAYLOAD_TOO_LARGE":
      return 413;
    case "CAMPAIGN_NOT_READY":
    case "RECIPIENTS_REJECTED":
      return 422;
    case "RATE_LIMITED":
      return 429;
    case "QUEUE_UNAVAILABLE":
    case "DATABASE_BUSY":
      return 503;
    case "INTERNAL":
      return 500;
  }
}

/**
 * Returns whether the error, or one of its causes, is SQLite's "database is locked": another
 * connection, such as a backup or a migration, held the write lock past the busy timeout.
 */
export function isDatabaseBusy(thrown: unknown): boolean {
  let current: unknown = thrown;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (code === "SQLITE_BUSY" || /database is locked/i.test(current.message)) {
      return true;
    }
    current = current.cause;
  }
  return false;
}

const BUSY_RETRY_AFTER_SECONDS = 2;

/** Renders any thrown value as the one error envelope; unknown errors become INTERNAL. */
export function errorResponse(c: Context<AppEnv>, thrown: unknown) {
  const requestId = c.get("requestId") ?? "";
  if (!(thrown instanceof HeraldError) && isDatabaseBusy(thrown)) {
    c.get("log")?.warn("database busy", { requestId, error: errorSummary(thrown) });
    return errorResponse(
      c,
      new HeraldError("DATABASE_BUSY", "the database is locked by another writer; retry the call with the same requestId", {
        retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
      }),
    );
  }
  const error =
    thrown instanceof HeraldError ? thrown : new HeraldError("INTERNAL", "internal error; retry later");
  if (!(thrown instanceof HeraldError)) {
    c.get("log")?.error("request failed", {
      requestId,
      error: errorSummary(thrown),
    });
  }
  if (error.retryAfterSeconds !== undefined) {
    c.header("Retry-After", String(error.retryAfterSeconds));
  }
  return c.json(
    {
      error: {
        code: error.code,
        message: error.message,
        requestId,
        ...(error.details.length > 0 ? { details: error.details } : {}),
      },
    },
    statusOf(error.code),
  );
}
