import { SELF, env } from "cloudflare:test";
import { useTestRuntime } from "./runtime.ts";

useTestRuntime({
  fetch: (request) => SELF.fetch(request),
  first: (sql, params) =>
    env.DB.prepare(sql)
      .bind(...params)
      .first<Record<string, unknown>>(),
  all: async (sql, params) => {
    const result = await env.DB.prepare(sql)
      .bind(...params)
      .all<Record<string, unknown>>();
    return result.results;
  },
  figuresUrl: env.PEER_URL,
});
