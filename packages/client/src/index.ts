import type { HeraldApp } from "@herald/api";
import { type ClientRequestOptions, hc } from "hono/client";

export type HeraldClient = ReturnType<typeof hc<HeraldApp>>;

export interface HeraldClientOptions {
  /** A sandbox API key, or the bootstrap token for creating sandboxes; sent as a bearer token. */
  apiKey?: string;
  /** Headers sent with every request, such as `x-sandbox-name`. */
  headers?: Record<string, string>;
  /** The fetch to call, e.g. a test runtime's; defaults to the global one. */
  fetch?: ClientRequestOptions["fetch"];
}

/**
 * Creates a typed client for a Herald server: paths, parameters, request bodies and response
 * bodies come from the app's route types, so a call that does not match the API fails to
 * compile.
 *
 * @example
 * const herald = createHeraldClient("http://127.0.0.1:3000", { apiKey });
 * const response = await herald.v1.campaigns[":id"].$get({ param: { id: "cmp_…" } });
 * if (response.ok) console.log((await response.json()).status);
 */
export function createHeraldClient(baseUrl: string, options: HeraldClientOptions = {}): HeraldClient {
  const headers = { ...options.headers };
  if (options.apiKey !== undefined) {
    headers.authorization = `Bearer ${options.apiKey}`;
  }
  return hc<HeraldApp>(baseUrl, { headers, ...(options.fetch ? { fetch: options.fetch } : {}) });
}
