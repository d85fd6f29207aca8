import { createSurface, notFound } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "../body.ts";
import { requireKey } from "../middleware/auth.ts";

export const surfaceRoutes = new Hono<AppEnv>()
  .post("/", requireKey("manage"), async (c) => {
    const surface = await createSurface(c.var.deps, c.var.apiKey.sandboxId, await readJson(c));
    return c.json(surface, 201);
  })
  .get("/", requireKey("read"), async (c) => {
    const surfaces = await c.var.deps.store.listSurfaces(c.var.apiKey.sandboxId);
    return c.json({ items: surfaces });
  })
  .get("/:id", requireKey("read"), async (c) => {
    const surface = await c.var.deps.store.getSurface(c.var.apiKey.sandboxId, c.req.param("id"));
    if (surface === null) {
      throw notFound("surface", c.req.param("id"));
    }
    return c.json(surface);
  });
