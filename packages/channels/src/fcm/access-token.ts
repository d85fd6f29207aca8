import type { HttpClient } from "../http/http-client.ts";
import { parseJsonObject, parseRetryAfter, shortReason } from "../http/http-outcome.ts";
import { type ServiceAccount, importServiceAccountKey, signAssertion } from "./service-account.ts";

export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
export const FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

/** Google issues tokens for at most one hour; a token is renewed a minute before it expires. */
const ASSERTION_LIFETIME_SECONDS = 3600;
const RENEW_MARGIN_MS = 60_000;

/** Why no token could be had: `retryable` when a later try may work, else the setup is wrong. */
export class AccessTokenError extends Error {
  override name = "AccessTokenError";
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Access tokens per service account and token URL, shared by every sender in this isolate. */
export type TokenCache = Map<string, Promise<CachedToken>>;

const sharedCache: TokenCache = new Map();

export interface AccessTokenOptions {
  tokenUrl: string;
  timeoutMs: number;
  cache?: TokenCache;
  now?: () => Date;
}

/**
 * Returns an OAuth access token for a service account, from the cache while it has more than a
 * minute left, else by exchanging a signed JWT at the token URL (the JWT bearer grant of RFC 7523).
 * Concurrent calls share one exchange.
 *
 * @throws AccessTokenError when the exchange fails.
 */
export async function getAccessToken(
  account: ServiceAccount,
  http: HttpClient,
  options: AccessTokenOptions,
): Promise<string> {
  const cache = options.cache ?? sharedCache;
  const now = options.now ?? (() => new Date());
  const key = `${options.tokenUrl}\u0000${account.clientEmail}\u0000${account.privateKeyId}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    const token = await cached.catch(() => undefined);
    if (token !== undefined && token.expiresAt - RENEW_MARGIN_MS > now().getTime()) {
      return token.token;
    }
    if (cache.get(key) === cached) {
      cache.delete(key);
    }
  }
  let pending = cache.get(key);
  if (pending === undefined) {
    const started = exchange(account, http, options, now);
    cache.set(key, started);
    started.catch(() => {
      if (cache.get(key) === started) {
        cache.delete(key);
      }
    });
    pending = started;
  }
  return (await pending).token;
}

/** Drops a cached token, e.g. after the API rejected it with 401. */
export function forgetAccessToken(account: ServiceAccount, tokenUrl: string, cache: TokenCache = sharedCache): void {
  cache.delete(`${tokenUrl}\u0000${account.clientEmail}\u0000${account.privateKeyId}`);
}

async function exchange(
  account: ServiceAccount,
  http: HttpClient,
  options: AccessTokenOptions,
  now: () => Date,
): Promise<CachedToken> {
  const key = await importServiceAccountKey(account.privateKeyPem).catch((error: Error) => {
    throw new AccessTokenError(error.message, false);
  });
  const issuedAt = now();
  const assertion = await signAssertion(account, key, {
    scope: FCM_SCOPE,
    audience: options.tokenUrl,
    issuedAt,
    lifetimeSeconds: ASSERTION_LIFETIME_SECONDS,
  });
  const result = await http.send({
    url: options.tokenUrl,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }).toString(),
    timeoutMs: options.timeoutMs,
  });
  // A token request delivers no message, so any failure to get one is safe to retry.
  if (result.kind !== "response") {
    throw new AccessTokenError(`token request failed: ${result.reason}`, true);
  }
  const json = parseJsonObject(result.body);
  const token = json?.access_token;
  if (result.status === 200 && typeof token === "string" && token !== "") {
    const expiresIn = typeof json?.expires_in === "number" ? json.expires_in : 3600;
    return { token, expiresAt: issuedAt.getTime() + expiresIn * 1000 };
  }
  const error = typeof json?.error === "string" ? json.error : `HTTP ${result.status}`;
  const description = typeof json?.error_description === "string" ? `: ${json.error_description}` : "";
  const retryable = result.status === 429 || result.status >= 500;
  throw new AccessTokenError(
    shortReason(`token request answered ${result.status} ${error}${description}`),
    retryable,
    retryable ? parseRetryAfter(result.headers) : undefined,
  );
}
