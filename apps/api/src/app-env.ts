import type { ApiKeyRecord, Deps, Logger, RateLimit, RateLimiter } from "@herald/core";

/** What each request carries through the middleware chain. */
export interface AppVariables {
  requestId: string;
  log: Logger;
  deps: Deps;
  apiKey: ApiKeyRecord;
  publicUrl: string;
  bootstrapToken: string | undefined;
  maxBodyBytes: number;
  rateLimiter: RateLimiter;
  /** Accepts `http` and loopback webhook URLs: local development and tests only. */
  allowLoopbackWebhooks: boolean;
  /** The limit of keys that have none of their own. */
  defaultRateLimit: RateLimit;
}

export interface AppEnv {
  Variables: AppVariables;
}
