import { listMessages, messageQuerySchema, notFound, publicMessage } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { requireKey } from "../middleware/auth.ts";
import { messageListSchema } from "../openapi/activity-responses.ts";
import { messageWithRenderedSchema } from "../openapi/responses.ts";
import { describeRoute } from "../openapi/route-doc.ts";

export const messageRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      summary: "List messages",
      description:
        "Messages newest first, filtered by status, campaign, execution, channel, recipient and creation time, one page at a time.",
      tags: ["messages"],
      auth: { apiKey: "read" },
      query: messageQuerySchema,
      responses: { 200: { description: "One page of messages.", schema: messageListSchema } },
    }),
    requireKey("read"),
    async (c) => {
      return c.json(await listMessages(c.var.deps, c.var.apiKey.sandboxId, c.req.query()));
    },
  )
  .get(
    "/:id",
    describeRoute({
      summary: "Get a message",
      description: "One recipient's message with its status and reason, plus what the outbox stored for it.",
      tags: ["messages"],
      auth: { apiKey: "read" },
      params: { id: "The message id (msg_…) from the trigger response." },
      responses: { 200: { description: "The message.", schema: messageWithRenderedSchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("read"),
    async (c) => {
      const { store } = c.var.deps;
      const message = await store.getMessage(c.var.apiKey.sandboxId, c.req.param("id"));
      if (message === null) {
        throw notFound("message", c.req.param("id"));
      }
      const outbox = await store.getOutboxEntry(message.id);
      return c.json({ ...publicMessage(message), rendered: outbox?.rendered ?? null });
    },
  );
