/** Longest delay a Cloudflare queue accepts for one retry: 12 hours. */
export const MAX_RETRY_DELAY_SECONDS = 43_200;

/** Longest backoff step before Retry-After is considered: 15 minutes. */
export const MAX_BACKOFF_SECONDS = 900;

export interface RetryOptions {
  /** The first step, in seconds; each later step doubles it. Default 2. */
  baseSeconds?: number;
  random?: () => number;
}

/**
 * Returns the delay in seconds before retry number `attempt` (1-based): exponential from
 * `baseSeconds`, capped at 15 minutes, with jitter between half and all of the step. A
 * provider's Retry-After wins when it is longer. The result never exceeds 12 hours.
 */
export function retryDelaySeconds(attempt: number, retryAfterSeconds?: number, options: RetryOptions = {}): number {
  const { baseSeconds = 2, random = Math.random } = options;
  const step = Math.min(baseSeconds * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_SECONDS);
  const jittered = Math.ceil(step / 2 + (random() * step) / 2);
  const delay = retryAfterSeconds === undefined ? jittered : Math.max(retryAfterSeconds, jittered);
  return Math.min(delay, MAX_RETRY_DELAY_SECONDS);
}
