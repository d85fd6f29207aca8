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
      return 503;
    case "INTERNAL":
      return 500;
  }
}

/** Renders any thrown value as the one error envelope; unknown errors become INTERNAL. */
export function errorResponse(c: Context<AppEnv>, thrown: unknown) {
  const requestId = c.get("requestId") ?? "";
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
