import { createSurface, deleteSurface, getSurface, listSurfaces, updateSurface } from "@herald/core";
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
    return c.json({ items: await listSurfaces(c.var.deps, c.var.apiKey.sandboxId) });
  })
  .get("/:id", requireKey("read"), async (c) => {
    return c.json(await getSurface(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id")));
  })
  .patch("/:id", requireKey("manage"), async (c) => {
    const body = await readJson(c);
    return c.json(await updateSurface(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"), body));
  })
  .delete("/:id", requireKey("manage"), async (c) => {
    await deleteSurface(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
    return c.body(null, 204);
  });
