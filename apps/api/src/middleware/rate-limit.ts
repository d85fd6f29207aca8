import { type ApiKeyRecord, HeraldError, type RateLimitDecision } from "@herald/core";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";

/**
 * Writes the fields of the IETF draft "RateLimit header fields for HTTP": `RateLimit-Policy`
 * and `RateLimit` as draft-ietf-httpapi-ratelimit-headers-10 spells them, and the
 * `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` fields of its draft 06,
 * which many clients still read.
 */
function writeHeaders(c: Context<AppEnv>, decision: RateLimitDecision) {
  c.header("RateLimit-Policy", `"api-key";q=${decision.limit};w=${decision.windowSeconds}`);
  c.header("RateLimit", `"api-key";r=${decision.remaining};t=${decision.resetSeconds}`);
  c.header("RateLimit-Limit", String(decision.limit));
  c.header("RateLimit-Remaining", String(decision.remaining));
  c.header("RateLimit-Reset", String(decision.resetSeconds));
}

/**
 * Counts the request against the key's own limit, or the deployment's default, and rejects
 * it with 429 past the limit. When the limiter itself fails the request goes through, so an
 * outage of the counter never takes the API down.
 */
export async function enforceRateLimit(c: Context<AppEnv>, key: ApiKeyRecord) {
  const limit = key.rateLimit ?? c.var.defaultRateLimit;
  let decision: RateLimitDecision;
  try {
    decision = await c.var.rateLimiter.hit(key.id, limit);
  } catch (error) {
    c.var.log.error("rate limiter failed", {
      requestId: c.var.requestId,
      apiKeyId: key.id,
      error: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  writeHeaders(c, decision);
  if (!decision.allowed) {
    throw new HeraldError(
      "RATE_LIMITED",
      `this API key is over its limit of ${decision.limit} requests per ${decision.windowSeconds} s; retry after ${decision.resetSeconds} s`,
      { retryAfterSeconds: decision.resetSeconds },
    );
  }
}
