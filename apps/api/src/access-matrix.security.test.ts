import { SCOPES, type Scope } from "@herald/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey, populatedSandbox } from "../test/fixtures.ts";
import { type ApiResult, api, newSandbox, recipient, reportFigures } from "../test/helpers.ts";
import { createApp } from "./app.ts";
import { requiredScopeOf } from "./middleware/auth.ts";
import { routeDocOf } from "./openapi/route-doc.ts";

interface DiscoveredRoute {
  method: string;
  path: string;
  scope: Scope | undefined;
  auth: unknown;
}

/** Every route the app serves, read from Hono's route table, so new routes join by themselves. */
function discoverRoutes(): DiscoveredRoute[] {
  const app = createApp(() => {
    throw new Error("routes are only listed, never called");
  });
  const routes = new Map<string, DiscoveredRoute>();
  for (const route of app.routes) {
    if (route.method === "ALL") {
      continue;
    }
    const id = `${route.method} ${route.path}`;
    const entry = routes.get(id) ?? { method: route.method, path: route.path, scope: undefined, auth: undefined };
    entry.scope ??= requiredScopeOf(route.handler);
    entry.auth ??= routeDocOf(route.handler)?.auth;
    routes.set(id, entry);
  }
  return [...routes.values()];
}

const routes = discoverRoutes();
const guarded = routes.filter((route) => route.scope !== undefined);
const unguarded = routes.filter((route) => route.scope === undefined);

/** Puts an id of `ids` (or `fallback`) in place of each `:param`, chosen by the segment before it. */
function concretePath(path: string, ids: Record<string, string>, fallback: (segment: string) => string) {
  const segments = path.split("/");
  return segments
    .map((segment, index) => {
      if (!segment.startsWith(":")) {
        return segment;
      }
      const resource = segments[index - 1] ?? "";
      return ids[resource] ?? fallback(resource);
    })
    .join("/");
}

function bodyFor(route: DiscoveredRoute, campaignId: string) {
  if (route.method === "GET" || route.method === "DELETE") {
    return undefined;
  }
  if (route.path.endsWith("/unitary")) {
    return { requestId: `matrix-${crypto.randomUUID()}`, campaignId, recipients: [recipient("matrix@example.com")] };
  }
  return {};
}

let owner: Awaited<ReturnType<typeof populatedSandbox>>;
let stranger: string;
let revoked: string;
const lacking = new Map<Scope, string>();
const missingIds: Record<string, string> = {};
let cases = 0;
let failures = 0;

function call(route: DiscoveredRoute, key: string | undefined, ids: Record<string, string>, headers = {}) {
  const path = concretePath(route.path, ids, (segment) => `missing_${segment}`);
  const body = bodyFor(route, ids.campaigns ?? "cmp_missing");
  return api(path, { method: route.method, ...(key ? { key } : {}), ...(body ? { body } : {}), headers });
}

/**
 * Serializes a response body with the owner's ids swapped for the missing ones and the
 * per-request ids blanked, so two bodies compare equal when they tell the caller the same.
 */
function comparable(body: unknown): string {
  let text = JSON.stringify(body);
  for (const [resource, id] of Object.entries(owner.ids)) {
    text = text.replaceAll(id, missingIds[resource] ?? "");
  }
  return text.replace(/req_[0-9a-z]+/g, "req").replace(/matrix-[0-9a-f-]+/g, "matrix");
}

function check(result: ApiResult, status: number, code: string, label: string) {
  cases += 1;
  const ok = result.status === status && result.body?.error?.code === code;
  if (!ok) {
    failures += 1;
  }
  expect(result.status, `${label}: ${JSON.stringify(result.body)}`).toBe(status);
  expect(result.body?.error?.code, label).toBe(code);
}

beforeAll(async () => {
  owner = await populatedSandbox();
  stranger = await newSandbox();
  revoked = await createKey(owner.key, [...SCOPES]);
  const revocation = await api(`/v1/api-keys/key_${revoked.split("_")[1]}`, { method: "DELETE", key: owner.key });
  expect(revocation.status, JSON.stringify(revocation.body)).toBe(200);
  for (const scope of SCOPES) {
    lacking.set(scope, await createKey(owner.key, SCOPES.filter((other) => other !== scope)));
  }
  for (const resource of Object.keys(owner.ids)) {
    missingIds[resource] = `missing_${resource}`;
  }
}, 60_000);

afterAll(async () => {
  await reportFigures("accessMatrix", {
    routes: routes.length,
    guardedRoutes: guarded.length,
    cases,
    failures,
  });
});

describe("access matrix", () => {
  it("finds every route guarded or declared open", () => {
    const undeclared = unguarded.filter((route) => route.auth !== "public" && route.auth !== "bootstrap");
    expect(undeclared.map((route) => `${route.method} ${route.path}`)).toEqual([]);
    expect(guarded.length).toBeGreaterThan(10);
  });

  it.each(guarded)("guards $method $path", async (route) => {
    const label = `${route.method} ${route.path}`;
    expect(route.auth, `${label} documents its scope`).toEqual({ apiKey: route.scope });
    check(await call(route, undefined, owner.ids), 401, "UNAUTHORIZED", `${label} without a key`);
    check(await call(route, revoked, owner.ids), 401, "UNAUTHORIZED", `${label} with a revoked key`);
    const withoutScope = lacking.get(route.scope as Scope) ?? "";
    check(await call(route, withoutScope, owner.ids), 403, "FORBIDDEN", `${label} without the ${route.scope} scope`);
    const mismatch = await call(route, owner.key, owner.ids, { "x-sandbox-name": `not-${owner.name}` });
    check(mismatch, 403, "SANDBOX_MISMATCH", `${label} with another x-sandbox-name`);

    // Another sandbox's key must see the owner's resources exactly as it sees missing ones.
    const missing = await call(route, stranger, missingIds);
    const foreign = await call(route, stranger, owner.ids);
    cases += 1;
    const same = foreign.status === missing.status && comparable(foreign.body) === comparable(missing.body);
    const notFound = !route.path.includes(":") || foreign.status === 404;
    if (!(same && notFound)) {
      failures += 1;
    }
    expect(foreign.status, `${label} with another sandbox's key: ${JSON.stringify(foreign.body)}`).toBe(missing.status);
    expect(comparable(foreign.body), `${label} with another sandbox's key`).toBe(comparable(missing.body));
    expect(notFound, `${label} answers 404 for another sandbox's resource`).toBe(true);
  });

  it.each(unguarded.filter((route) => route.auth === "bootstrap"))("rejects an API key on $method $path", async (route) => {
    check(await call(route, owner.key, {}), 401, "UNAUTHORIZED", `${route.method} ${route.path} with an API key`);
    check(await call(route, undefined, {}), 401, "UNAUTHORIZED", `${route.method} ${route.path} without a token`);
  });

  it("leaves the owner's resources untouched", async () => {
    const keys = await api("/v1/api-keys", { key: owner.key });
    const spare = keys.body.items.find((item: { id: string }) => item.id === owner.ids["api-keys"]);
    expect(spare?.revokedAt).toBeNull();
    expect((await api(`/v1/surfaces/${owner.ids.surfaces}`, { key: owner.key })).status).toBe(200);
    expect((await api(`/v1/campaigns/${owner.ids.campaigns}`, { key: owner.key })).status).toBe(200);
  });
});
