import type { CampaignStore } from "@herald/core";
import { and, eq, exists, inArray } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { toCampaign, toSurface, toVersion } from "./rows.ts";
import { campaignVersions, campaigns, surfaces } from "./schema/index.ts";

function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current.message.includes("UNIQUE constraint failed")) {
      return true;
    }
  }
  return false;
}

export function campaignStore(db: HeraldDatabase): CampaignStore {
  return {
    async createCampaign(campaign, version) {
      await db.batch([db.insert(campaigns).values(campaign), db.insert(campaignVersions).values(version)]);
    },

    async getCampaign(sandboxId, id) {
      const rows = await db
        .select()
        .from(campaigns)
        .where(and(eq(campaigns.sandboxId, sandboxId), eq(campaigns.id, id)))
        .limit(1);
      return rows[0] ? toCampaign(rows[0]) : null;
    },

    async listCampaigns(sandboxId) {
      const rows = await db
        .select()
        .from(campaigns)
        .where(eq(campaigns.sandboxId, sandboxId))
        .orderBy(campaigns.id);
      return rows.map(toCampaign);
    },

    async getVersion(versionId) {
      const rows = await db.select().from(campaignVersions).where(eq(campaignVersions.id, versionId)).limit(1);
      return rows[0] ? toVersion(rows[0]) : null;
    },

    async updateVersion(version) {
      const { id, campaignId: _campaignId, number: _number, createdAt: _createdAt, ...fields } = version;
      await db.update(campaignVersions).set(fields).where(eq(campaignVersions.id, id));
    },

    async saveCampaign(campaign, expectedUpdatedAt) {
      const { id, sandboxId, createdAt: _createdAt, ...fields } = campaign;
      const rows = await db
        .update(campaigns)
        .set(fields)
        .where(
          and(eq(campaigns.id, id), eq(campaigns.sandboxId, sandboxId), eq(campaigns.updatedAt, expectedUpdatedAt)),
        )
        .returning({ id: campaigns.id });
      return rows.length === 1;
    },

    async saveDraft(campaign, expectedUpdatedAt, draft, isNew) {
      const { id, sandboxId, createdAt: _createdAt, ...fields } = campaign;
      const unchanged = and(eq(campaigns.id, id), eq(campaigns.sandboxId, sandboxId), eq(campaigns.updatedAt, expectedUpdatedAt));
      const { id: draftId, campaignId: _campaignId, number: _number, createdAt: _draftCreatedAt, ...draftFields } = draft;
      // Both statements check the same campaign row in one transaction, so they apply together
      // or not at all. A new version's (campaign, number) unique index rejects a racing copy.
      const writeDraft = isNew
        ? db.insert(campaignVersions).values(draft)
        : db
            .update(campaignVersions)
            .set(draftFields)
            .where(
              and(eq(campaignVersions.id, draftId), exists(db.select({ id: campaigns.id }).from(campaigns).where(unchanged))),
            );
      const saveCampaign = db.update(campaigns).set(fields).where(unchanged).returning({ id: campaigns.id });
      try {
        const [, saved] = (await db.batch([writeDraft, saveCampaign])) as [unknown, { id: string }[]];
        if (saved.length === 1) {
          return true;
        }
      } catch (error) {
        if (isNew && isUniqueViolation(error)) {
          return false;
        }
        throw error;
      }
      if (isNew) {
        await db.delete(campaignVersions).where(eq(campaignVersions.id, draftId));
      }
      return false;
    },

    async deleteDraftCampaign(sandboxId, id) {
      const draftCampaign = and(eq(campaigns.id, id), eq(campaigns.sandboxId, sandboxId), eq(campaigns.status, "draft"));
      const [, deleted] = (await db.batch([
        db
          .delete(campaignVersions)
          .where(inArray(campaignVersions.campaignId, db.select({ id: campaigns.id }).from(campaigns).where(draftCampaign))),
        db.delete(campaigns).where(draftCampaign).returning({ id: campaigns.id }),
      ])) as [unknown, { id: string }[]];
      return deleted.length === 1;
    },

    async getLiveCampaign(sandboxId, id) {
      const rows = await db
        .select({ campaign: campaigns, version: campaignVersions, surface: surfaces })
        .from(campaigns)
        .innerJoin(campaignVersions, eq(campaignVersions.id, campaigns.liveVersionId))
        .innerJoin(surfaces, eq(surfaces.id, campaignVersions.surfaceId))
        .where(and(eq(campaigns.sandboxId, sandboxId), eq(campaigns.id, id), eq(campaigns.status, "live")))
        .limit(1);
      const row = rows[0];
      if (!row) {
        return null;
      }
      return { campaign: toCampaign(row.campaign), version: toVersion(row.version), surface: toSurface(row.surface) };
    },
  };
}
