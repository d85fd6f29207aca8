import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_RATE_LIMIT } from "@herald/api";
import { type Limits, DEFAULT_LIMITS, type RateLimit, SENDING_LEASE_SECONDS } from "@herald/core";
import { DEFAULT_CACHE_TTL_SECONDS } from "@herald/db";
import type { ConsumerSettings } from "./consumer.ts";

export interface ServerConfig {
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  host: string;
  port: number;
  bootstrapToken: string | undefined;
  publicUrl: string;
  limits: Limits;
  maxBodyBytes: number;
  /** Requests per API key and window, for keys created without their own limit. */
  defaultRateLimit: RateLimit;
  /** How long API keys and live campaigns are cached in memory; 0 turns the cache off. */
  cacheTtlSeconds: number;
  /** Seconds after which a message still `queued` without a consumer taking it is enqueued again. */
  requeueAfterSeconds: number;
  queue: ConsumerSettings;
  /** The variables that a surface's named secrets, such as an SMTP password, are read from. */
  secrets: Record<string, string | undefined>;
}

type Environment = Record<string, string | undefined>;

/** Thrown when an environment variable has an invalid value; the message names every one. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

function integerReader(env: Environment, problems: string[]) {
  return (name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") {
      return fallback;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${raw} is invalid: must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
}

/**
 * Reads the server's settings from environment variables. Unset variables take their
 * defaults; a variable set to an invalid value is an error, not silently replaced.
 */
export function readConfig(env: Environment, cwd = globalThis.process.cwd()): ServerConfig {
  const problems: string[] = [];
  const integer = integerReader(env, problems);
  const config: ServerConfig = {
    databaseUrl: env.DATABASE_URL?.trim() || pathToFileURL(join(cwd, ".herald", "herald.db")).href,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN || undefined,
    host: env.HOST?.trim() || "127.0.0.1",
    port: integer("PORT", 3000, 0, 65_535),
    bootstrapToken: env.HERALD_BOOTSTRAP_TOKEN || undefined,
    publicUrl: env.HERALD_PUBLIC_URL?.trim() ?? "",
    limits: {
      maxRecipients: integer("MAX_RECIPIENTS", DEFAULT_LIMITS.maxRecipients),
      maxContextBytes: integer("MAX_CONTEXT_BYTES", DEFAULT_LIMITS.maxContextBytes),
      retryBaseSeconds: integer("RETRY_BASE_SECONDS", DEFAULT_LIMITS.retryBaseSeconds, 0),
      idempotencyWindowSeconds: integer("IDEMPOTENCY_WINDOW_SECONDS", DEFAULT_LIMITS.idempotencyWindowSeconds),
      sendingLeaseSeconds: integer("SENDING_LEASE_SECONDS", SENDING_LEASE_SECONDS),
    },
    maxBodyBytes: integer("MAX_BODY_BYTES", 2 * 1024 * 1024),
    defaultRateLimit: {
      limit: integer("RATE_LIMIT_REQUESTS", DEFAULT_RATE_LIMIT.limit),
      windowSeconds: integer("RATE_LIMIT_WINDOW_SECONDS", DEFAULT_RATE_LIMIT.windowSeconds),
    },
    cacheTtlSeconds: integer("CACHE_TTL_SECONDS", DEFAULT_CACHE_TTL_SECONDS, 0),
    requeueAfterSeconds: integer("REQUEUE_AFTER_SECONDS", 600),
    queue: {
      concurrency: integer("QUEUE_CONCURRENCY", 32),
      batchSize: integer("QUEUE_BATCH_SIZE", 100),
      leaseMs: integer("QUEUE_LEASE_SECONDS", 30) * 1000,
      maxRetries: integer("QUEUE_MAX_RETRIES", 10, 0),
      pollMs: integer("QUEUE_POLL_MS", 250),
    },
    secrets: env,
  };
  if (!/^(file|libsql|https?|wss?):/.test(config.databaseUrl)) {
    // The value is left out of the message because a remote URL may carry a token.
    problems.push("DATABASE_URL is invalid: must be a file:, libsql:, http(s): or ws(s): URL");
  }
  if (problems.length > 0) {
    throw new ConfigError(problems.join("; "));
  }
  return config;
}
