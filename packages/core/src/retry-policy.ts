/** Longest delay a Cloudflare queue accepts for one retry: 12 hours. */
export const MAX_RETRY_DELAY_SECONDS = 43_200;

/**
 * Returns the delay before retry number `attempt` (1-based): exponential from 2 s with jitter
 * between half and all of the step, capped at 15 minutes. A provider's Retry-After wins
 * when it is longer.
 */
export function retryDelaySeconds(attempt: number, retryAfterSeconds?: number, random = Math.random): number {
  const step = Math.min(2 * 2 ** Math.max(0, attempt - 1), 900);
  const jittered = Math.ceil(step / 2 + (random() * step) / 2);
  const delay = retryAfterSeconds === undefined ? jittered : Math.max(retryAfterSeconds, jittered);
  return Math.min(delay, MAX_RETRY_DELAY_SECONDS);
}
