import type { AccessStore, ApiKeyRecord, SurfaceStore } from "@herald/core";
import { and, eq, isNull, notExists } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { toApiKey, toSurface } from "./rows.ts";
import { apiKeys, campaignVersions, campaigns, sandboxes, surfaces } from "./schema/index.ts";

export function accessStore(db: HeraldDatabase): AccessStore & SurfaceStore {
  return {
    async findApiKey(keyId) {
      const rows = await db
        .select({ key: apiKeys, sandboxName: sandboxes.name })
        .from(apiKeys)
        .innerJoin(sandboxes, eq(sandboxes.id, apiKeys.sandboxId))
        .where(eq(apiKeys.id, keyId))
        .limit(1);
      const row = rows[0];
      return row ? toApiKey(row.key, row.sandboxName) : null;
    },

    async findSandboxByName(name) {
      const rows = await db.select().from(sandboxes).where(eq(sandboxes.name, name)).limit(1);
      return rows[0] ?? null;
    },

    async createSandbox(sandbox, key) {
      await db.batch([db.insert(sandboxes).values(sandbox), db.insert(apiKeys).values(apiKeyRow(key))]);
    },

    async createApiKey(key) {
      await db.insert(apiKeys).values(apiKeyRow(key));
    },

    async listApiKeys(sandboxId) {
      const rows = await db
        .select({ key: apiKeys, sandboxName: sandboxes.name })
        .from(apiKeys)
        .innerJoin(sandboxes, eq(sandboxes.id, apiKeys.sandboxId))
        .where(eq(apiKeys.sandboxId, sandboxId))
        .orderBy(apiKeys.id);
      return rows.map((row) => toApiKey(row.key, row.sandboxName));
    },

    async revokeApiKey(sandboxId, keyId, now) {
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: now })
        .where(and(eq(apiKeys.sandboxId, sandboxId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      return rows.length === 1;
    },

    async createSurface(surface) {
      await db.insert(surfaces).values(surface);
    },

    async getSurface(sandboxId, id) {
      const rows = await db
        .select()
        .from(surfaces)
        .where(and(eq(surfaces.sandboxId, sandboxId), eq(surfaces.id, id)))
        .limit(1);
      return rows[0] ? toSurface(rows[0]) : null;
    },

    async listSurfaces(sandboxId) {
      const rows = await db.select().from(surfaces).where(eq(surfaces.sandboxId, sandboxId)).orderBy(surfaces.id);
      return rows.map(toSurface);
    },

    async updateSurface(surface, expectedUpdatedAt) {
      const { id, sandboxId, createdAt: _createdAt, ...fields } = surface;
      const rows = await db
        .update(surfaces)
        .set(fields)
        .where(and(eq(surfaces.id, id), eq(surfaces.sandboxId, sandboxId), eq(surfaces.updatedAt, expectedUpdatedAt)))
        .returning({ id: surfaces.id });
      return rows.length === 1;
    },

    async deleteUnusedSurface(sandboxId, id) {
      const users = db.select({ id: campaignVersions.id }).from(campaignVersions).where(eq(campaignVersions.surfaceId, id));
      const rows = await db
        .delete(surfaces)
        .where(and(eq(surfaces.id, id), eq(surfaces.sandboxId, sandboxId), notExists(users)))
        .returning({ id: surfaces.id });
      return rows.length === 1;
    },

    async campaignsUsingSurface(sandboxId, id) {
      const rows = await db
        .selectDistinct({ id: campaigns.id })
        .from(campaignVersions)
        .innerJoin(campaigns, eq(campaigns.id, campaignVersions.campaignId))
        .where(and(eq(campaignVersions.surfaceId, id), eq(campaigns.sandboxId, sandboxId)))
        .orderBy(campaigns.id);
      return rows.map((row) => row.id);
    },
  };
}

function apiKeyRow(key: ApiKeyRecord): typeof apiKeys.$inferInsert {
  const { sandboxName: _name, rateLimit, ...row } = key;
  return { ...row, rateLimit: rateLimit?.limit ?? null, rateLimitWindowSeconds: rateLimit?.windowSeconds ?? null };
}
