import { HeraldError, constantTimeEqual, createSandbox } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "../body.ts";

/**
 * Creating a sandbox needs the operator's bootstrap token, not an API key, because a new
 * sandbox has no keys yet. The route is disabled when no token is configured.
 */
export const sandboxRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const expected = c.var.bootstrapToken;
  const given = c.req.header("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  if (!expected || !constantTimeEqual(given, expected)) {
    throw new HeraldError(
      "UNAUTHORIZED",
      "creating a sandbox needs Authorization: Bearer <HERALD_BOOTSTRAP_TOKEN>",
    );
  }
  const created = await createSandbox(c.var.deps, await readJson(c));
  return c.json(created, 201);
});
