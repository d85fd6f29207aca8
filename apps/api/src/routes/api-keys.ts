import { createApiKey, createApiKeySchema, getApiKey, listApiKeys, revokeApiKey } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "../body.ts";
import { requireKey } from "../middleware/auth.ts";
import { apiKeyCreatedSchema, apiKeyListSchema, apiKeySchema } from "../openapi/access-responses.ts";
import { describeRoute } from "../openapi/route-doc.ts";

const KEY_ID = { id: "The API key id (key_…)." };

export const apiKeyRoutes = new Hono<AppEnv>()
  .post(
    "/",
    describeRoute({
      summary: "Create an API key",
      description:
        "Creates a key in the caller's sandbox with the given scopes (only scopes the caller has) and an optional rate limit. The token is in the response once and never again.",
      tags: ["api-keys"],
      auth: { apiKey: "manage" },
      body: createApiKeySchema,
      responses: { 201: { description: "The key and its token.", schema: apiKeyCreatedSchema } },
    }),
    requireKey("manage"),
    async (c) => {
      return c.json(await createApiKey(c.var.deps, c.var.apiKey, await readJson(c)), 201);
    },
  )
  .get(
    "/",
    describeRoute({
      summary: "List API keys",
      tags: ["api-keys"],
      auth: { apiKey: "manage" },
      responses: { 200: { description: "Every key of the sandbox, revoked ones too, without secrets.", schema: apiKeyListSchema } },
    }),
    requireKey("manage"),
    async (c) => {
      return c.json({ items: await listApiKeys(c.var.deps, c.var.apiKey.sandboxId) });
    },
  )
  .get(
    "/:id",
    describeRoute({
      summary: "Get an API key",
      tags: ["api-keys"],
      auth: { apiKey: "manage" },
      params: KEY_ID,
      responses: { 200: { description: "The key, without its secret.", schema: apiKeySchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("manage"),
    async (c) => {
      return c.json(await getApiKey(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id")));
    },
  )
  .delete(
    "/:id",
    describeRoute({
      summary: "Revoke an API key",
      description: "Revokes the key at once: every later request with it gets 401. The key stays listed with its revokedAt.",
      tags: ["api-keys"],
      auth: { apiKey: "manage" },
      params: KEY_ID,
      responses: { 200: { description: "The revoked key.", schema: apiKeySchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("manage"),
    async (c) => {
      return c.json(await revokeApiKey(c.var.deps, c.var.apiKey, c.req.param("id")));
    },
  );
