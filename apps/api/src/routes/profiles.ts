import {
  createProfile,
  createProfileSchema,
  deleteProfile,
  getProfile,
  listProfiles,
  profileQuerySchema,
  profileView,
  updateProfile,
  updateProfileSchema,
} from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "../body.ts";
import { requireKey } from "../middleware/auth.ts";
import { profileListSchema, profileSchema } from "../openapi/profile-responses.ts";
import { describeRoute } from "../openapi/route-doc.ts";

const PROFILE_ID = { id: "The profile id (prf_…)." };

export const profileRoutes = new Hono<AppEnv>()
  .post(
    "/",
    describeRoute({
      summary: "Create a profile",
      description: "Stores a profile with its identities and attributes. An identity another profile has is a 409.",
      tags: ["profiles"],
      auth: { apiKey: "manage" },
      body: createProfileSchema,
      responses: { 201: { description: "The created profile.", schema: profileSchema } },
      errors: ["CONFLICT"],
    }),
    requireKey("manage"),
    async (c) => {
      const profile = await createProfile(c.var.deps, c.var.apiKey.sandboxId, await readJson(c));
      return c.json(profileView(profile), 201);
    },
  )
  .get(
    "/",
    describeRoute({
      summary: "List or look up profiles",
      description:
        "With namespace and identity, returns the profile that has that identity (normalized as triggers do), or none. Without them, lists profiles newest first.",
      tags: ["profiles"],
      auth: { apiKey: "read" },
      query: profileQuerySchema,
      responses: { 200: { description: "Matching profiles.", schema: profileListSchema } },
    }),
    requireKey("read"),
    async (c) => {
      return c.json(await listProfiles(c.var.deps, c.var.apiKey.sandboxId, c.req.query()));
    },
  )
  .get(
    "/:id",
    describeRoute({
      summary: "Get a profile",
      tags: ["profiles"],
      auth: { apiKey: "read" },
      params: PROFILE_ID,
      responses: { 200: { description: "The profile.", schema: profileSchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("read"),
    async (c) => {
      return c.json(profileView(await getProfile(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"))));
    },
  )
  .patch(
    "/:id",
    describeRoute({
      summary: "Change a profile",
      description:
        "attributes is a JSON merge patch over the stored attributes (null removes one); identities, when given, replaces the whole set.",
      tags: ["profiles"],
      auth: { apiKey: "manage" },
      params: PROFILE_ID,
      body: updateProfileSchema,
      responses: { 200: { description: "The changed profile.", schema: profileSchema } },
      errors: ["NOT_FOUND", "CONFLICT"],
    }),
    requireKey("manage"),
    async (c) => {
      const body = await readJson(c);
      const profile = await updateProfile(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"), body);
      return c.json(profileView(profile));
    },
  )
  .delete(
    "/:id",
    describeRoute({
      summary: "Delete a profile",
      description: "Deletes the profile and its identities; messages already recorded keep its id.",
      tags: ["profiles"],
      auth: { apiKey: "manage" },
      params: PROFILE_ID,
      responses: { 204: { description: "Deleted; the response has no body." } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("manage"),
    async (c) => {
      await deleteProfile(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
      return c.body(null, 204);
    },
  );
