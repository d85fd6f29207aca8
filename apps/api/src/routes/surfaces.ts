import { createSurface, createSurfaceSchema, deleteSurface, getSurface, listSurfaces, updateSurface } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "../body.ts";
import { requireKey } from "../middleware/auth.ts";
import { mergePatchSchema } from "../openapi/requests.ts";
import { surfaceListSchema, surfaceSchema } from "../openapi/responses.ts";
import { describeRoute } from "../openapi/route-doc.ts";

const SURFACE_ID = { id: "The surface id (srf_…)." };

export const surfaceRoutes = new Hono<AppEnv>()
  .post(
    "/",
    describeRoute({
      summary: "Create a surface",
      description: "Stores the sender settings of one channel: an email from address, an SMS sender, a push app.",
      tags: ["surfaces"],
      auth: { apiKey: "manage" },
      body: createSurfaceSchema,
      responses: { 201: { description: "The created surface.", schema: surfaceSchema } },
    }),
    requireKey("manage"),
    async (c) => {
      const surface = await createSurface(c.var.deps, c.var.apiKey.sandboxId, await readJson(c));
      return c.json(surface, 201);
    },
  )
  .get(
    "/",
    describeRoute({
      summary: "List surfaces",
      tags: ["surfaces"],
      auth: { apiKey: "read" },
      responses: { 200: { description: "Every surface of the key's sandbox.", schema: surfaceListSchema } },
    }),
    requireKey("read"),
    async (c) => {
      return c.json({ items: await listSurfaces(c.var.deps, c.var.apiKey.sandboxId) });
    },
  )
  .get(
    "/:id",
    describeRoute({
      summary: "Get a surface",
      tags: ["surfaces"],
      auth: { apiKey: "read" },
      params: SURFACE_ID,
      responses: { 200: { description: "The surface.", schema: surfaceSchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("read"),
    async (c) => {
      return c.json(await getSurface(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id")));
    },
  )
  .patch(
    "/:id",
    describeRoute({
      summary: "Change a surface",
      description:
        "Applies a JSON merge patch and validates the merged surface like a new one. The channel cannot change; campaigns using the surface see the change from their next send.",
      tags: ["surfaces"],
      auth: { apiKey: "manage" },
      params: SURFACE_ID,
      body: mergePatchSchema,
      responses: { 200: { description: "The changed surface.", schema: surfaceSchema } },
      errors: ["NOT_FOUND", "CONFLICT"],
    }),
    requireKey("manage"),
    async (c) => {
      const body = await readJson(c);
      return c.json(await updateSurface(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"), body));
    },
  )
  .delete(
    "/:id",
    describeRoute({
      summary: "Delete a surface",
      description: "Deletes a surface that no campaign version uses; a surface in use is kept (409).",
      tags: ["surfaces"],
      auth: { apiKey: "manage" },
      params: SURFACE_ID,
      responses: { 204: { description: "Deleted; the response has no body." } },
      errors: ["NOT_FOUND", "CONFLICT"],
    }),
    requireKey("manage"),
    async (c) => {
      await deleteSurface(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
      return c.body(null, 204);
    },
  );
