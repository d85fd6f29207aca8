import { HeraldError, constantTimeEqual, createSandbox, createSandboxSchema } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "../body.ts";
import { sandboxCreatedSchema } from "../openapi/responses.ts";
import { describeRoute } from "../openapi/route-doc.ts";

/**
 * Creating a sandbox needs the operator's bootstrap token, not an API key, because a new
 * sandbox has no keys yet. The route is disabled when no token is configured.
 */
export const sandboxRoutes = new Hono<AppEnv>().post(
  "/",
  describeRoute({
    summary: "Create a sandbox",
    description: "Creates a sandbox and returns its first API key, with every scope, once.",
    tags: ["sandboxes"],
    auth: "bootstrap",
    body: createSandboxSchema,
    responses: { 201: { description: "The sandbox and its first API key.", schema: sandboxCreatedSchema } },
    errors: ["CONFLICT"],
  }),
  async (c) => {
    const expected = c.var.bootstrapToken;
    const given = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
    if (!expected || !constantTimeEqual(given, expected)) {
      throw new HeraldError(
        "UNAUTHORIZED",
        "creating a sandbox needs Authorization: Bearer <HERALD_BOOTSTRAP_TOKEN>",
      );
    }
    const created = await createSandbox(c.var.deps, await readJson(c));
    return c.json(created, 201);
  },
);
