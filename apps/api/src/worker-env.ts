import type { WebhookJob } from "@herald/core";
import type { PackedJobs } from "./queue/packed-jobs.ts";
import type { ApiKeyRateLimiter } from "./rate-limiter-object.ts";

/** Bindings and variables from `wrangler.toml`, plus any secrets a surface names. */
export interface WorkerEnv {
  DB: D1Database;
  /** A libSQL server (Turso) to use instead of D1, e.g. `libsql://herald-acme.turso.io`. */
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
  /** The console's static files; wrangler serves them before the Worker sees a request. */
  ASSETS: Fetcher;
  QUEUE_EMAIL: Queue<PackedJobs>;
  QUEUE_SMS: Queue<PackedJobs>;
  QUEUE_PUSH: Queue<PackedJobs>;
  HERALD_BOOTSTRAP_TOKEN?: string;
  HERALD_PUBLIC_URL?: string;
  MAX_RECIPIENTS?: string;
  MAX_CONTEXT_BYTES?: string;
  MAX_BODY_BYTES?: string;
  RETRY_BASE_SECONDS?: string;
  RATE_LIMIT_REQUESTS?: string;
  RATE_LIMIT_WINDOW_SECONDS?: string;
  RATE_LIMITER: DurableObjectNamespace<ApiKeyRateLimiter>;
  QUEUE_WEBHOOKS: Queue<WebhookJob>;
  /** "true" accepts `http` and loopback webhook URLs; for local development and tests only. */
  HERALD_ALLOW_LOOPBACK_WEBHOOKS?: string;
  IDEMPOTENCY_WINDOW_SECONDS?: string;
  /** Seconds an API key or live campaign lookup is served from memory; 0 turns it off. */
  CACHE_TTL_SECONDS?: string;
  /** Seconds after which the sweep enqueues again a message that is still `queued`. */
  REQUEUE_AFTER_SECONDS?: string;
  /** Comma-separated `sandbox:SECRET` grants; `*:SECRET` grants a secret to every sandbox. */
  PROVIDER_SECRETS?: string;
  [secret: string]: unknown;
}
