import { createWebhook, createWebhookSchema, deleteWebhook, getWebhook, listWebhooks } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "../body.ts";
import { requireKey } from "../middleware/auth.ts";
import { webhookCreatedSchema, webhookListSchema, webhookSchema } from "../openapi/access-responses.ts";
import { describeRoute } from "../openapi/route-doc.ts";

const WEBHOOK_ID = { id: "The webhook id (whk_…)." };

export const webhookRoutes = new Hono<AppEnv>()
  .post(
    "/",
    describeRoute({
      summary: "Create a feedback webhook",
      description:
        "Registers a public https URL that receives message events, signed as Standard Webhooks describes. The whsec_ secret is in the response once.",
      tags: ["webhooks"],
      auth: { apiKey: "manage" },
      body: createWebhookSchema,
      responses: { 201: { description: "The webhook and its signing secret.", schema: webhookCreatedSchema } },
    }),
    requireKey("manage"),
    async (c) => {
      const options = { allowLoopback: c.var.allowLoopbackWebhooks };
      return c.json(await createWebhook(c.var.deps, c.var.apiKey.sandboxId, await readJson(c), options), 201);
    },
  )
  .get(
    "/",
    describeRoute({
      summary: "List feedback webhooks",
      tags: ["webhooks"],
      auth: { apiKey: "manage" },
      responses: { 200: { description: "The sandbox's webhooks, without secrets.", schema: webhookListSchema } },
    }),
    requireKey("manage"),
    async (c) => c.json({ items: await listWebhooks(c.var.deps, c.var.apiKey.sandboxId) }),
  )
  .get(
    "/:id",
    describeRoute({
      summary: "Get a feedback webhook",
      tags: ["webhooks"],
      auth: { apiKey: "manage" },
      params: WEBHOOK_ID,
      responses: { 200: { description: "The webhook, without its secret.", schema: webhookSchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("manage"),
    async (c) => c.json(await getWebhook(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"))),
  )
  .delete(
    "/:id",
    describeRoute({
      summary: "Delete a feedback webhook",
      tags: ["webhooks"],
      auth: { apiKey: "manage" },
      params: WEBHOOK_ID,
      responses: { 204: { description: "Deleted; the response has no body." } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("manage"),
    async (c) => {
      await deleteWebhook(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
      return c.body(null, 204);
    },
  );
