import { notFound, publicMessage } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { requireKey } from "../middleware/auth.ts";

export const messageRoutes = new Hono<AppEnv>().get("/:id", requireKey("read"), async (c) => {
  const { store } = c.var.deps;
  const message = await store.getMessage(c.var.apiKey.sandboxId, c.req.param("id"));
  if (message === null) {
    throw notFound("message", c.req.param("id"));
  }
  const outbox = await store.getOutboxEntry(message.id);
  return c.json({ ...publicMessage(message), rendered: outbox?.rendered ?? null });
});
