import { createClient } from "@libsql/client";
import { inject } from "vitest";
import { useTestRuntime } from "../../api/test/runtime.ts";

const baseUrl = inject("heraldUrl");
const database = createClient({ url: inject("heraldDatabaseUrl") });

// Routes tests build requests for http://herald.test; this sends them to the Node server.
useTestRuntime({
  async fetch(request) {
    const url = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return fetch(new URL(url.pathname + url.search, baseUrl), {
      method: request.method,
      headers: request.headers,
      body,
      redirect: "manual",
    });
  },
  async first(sql, params) {
    const result = await database.execute({ sql, args: params as never });
    return (result.rows[0] as Record<string, unknown> | undefined) ?? null;
  },
  async all(sql, params) {
    const result = await database.execute({ sql, args: params as never });
    return result.rows as unknown as Record<string, unknown>[];
  },
});
