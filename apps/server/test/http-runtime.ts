import { createClient } from "@libsql/client";
import { inject } from "vitest";
import { useTestRuntime } from "../../api/test/runtime.ts";
import { responseContract } from "./response-contract.ts";

const baseUrl = inject("heraldUrl");
const database = createClient({ url: inject("heraldDatabaseUrl") });
const contract = await responseContract(baseUrl);

// Routes tests build requests for http://herald.test; this sends them to the Node server.
useTestRuntime({
  async fetch(request) {
    const url = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    const response = await fetch(new URL(url.pathname + url.search, baseUrl), {
      method: request.method,
      headers: request.headers,
      body,
      redirect: "manual",
    });
    if (!response.headers.get("content-type")?.includes("application/json")) {
      return response;
    }
    const text = await response.text();
    const problems = contract.check(request.method, url.pathname, response.status, JSON.parse(text));
    if (problems.length > 0) {
      throw new Error(
        `${request.method} ${url.pathname} answered ${response.status} with a body the OpenAPI document does not describe: ${problems.join("; ")}\n${text}`,
      );
    }
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
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
