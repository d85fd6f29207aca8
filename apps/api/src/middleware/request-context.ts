import { newId } from "@herald/core";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { type LogWriter, consoleLogWriter, jsonLogger } from "../logger.ts";

export const REQUEST_ID_HEADER = "herald-request-id";

/**
 * Gives each request an id (returned in `herald-request-id`, since AJO clients use
 * `x-request-id` as an idempotency key) and logs one line per request to `write` when it ends.
 */
export function requestContext(write: LogWriter = consoleLogWriter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = newId("req");
    const log = jsonLogger({}, write);
    c.set("requestId", requestId);
    c.set("log", log);
    c.header(REQUEST_ID_HEADER, requestId);
    const started = Date.now();
    await next();
    log.info("request", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Date.now() - started,
      sandboxId: c.get("apiKey")?.sandboxId,
    });
  };
}

export function logContext(c: Context<AppEnv>) {
  return { requestId: c.get("requestId") };
}
