import type { Identity, Profile, ProfileStore, ProfileWrite } from "@herald/core";
import { and, desc, eq, exists, inArray, or, sql } from "drizzle-orm";
import { windowConditions } from "./activity-store.ts";
import type { HeraldDatabase } from "./database.ts";
import { identities, profiles } from "./schema/index.ts";

type ProfileRow = typeof profiles.$inferSelect;

function isIdentityConflict(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current.message.includes("UNIQUE constraint failed") && current.message.includes("identities")) {
      return true;
    }
  }
  return false;
}

export function profileStore(db: HeraldDatabase): ProfileStore {
  async function withIdentities(rows: ProfileRow[]): Promise<Profile[]> {
    if (rows.length === 0) {
      return [];
    }
    const owned = await db
      .select()
      .from(identities)
      .where(inArray(identities.profileId, rows.map((row) => row.id)))
      .orderBy(identities.namespace, identities.value);
    return rows.map((row) => ({
      ...row,
      identities: owned
        .filter((identity) => identity.profileId === row.id)
        .map((identity) => ({ namespace: identity.namespace, value: identity.value })),
    }));
  }

  /** Identities of `wanted` that a profile other than `profileId` owns. */
  async function takenBy(sandboxId: string, wanted: Identity[], profileId: string): Promise<ProfileWrite> {
    const rows = await db
      .select({ namespace: identities.namespace, value: identities.value, profileId: identities.profileId })
      .from(identities)
      .where(
        and(
          eq(identities.sandboxId, sandboxId),
          or(...wanted.map((identity) => and(eq(identities.namespace, identity.namespace), eq(identities.value, identity.value)))),
        ),
      );
    const taken = rows.filter((row) => row.profileId !== profileId).map(({ namespace, value }) => ({ namespace, value }));
    return { ok: false, reason: "taken", taken };
  }

  function identityRows(profile: Profile) {
    return profile.identities.map((identity) => ({ sandboxId: profile.sandboxId, ...identity, profileId: profile.id }));
  }

  return {
    async createProfile(profile) {
      const { identities: owned, ...row } = profile;
      try {
        await db.batch([db.insert(profiles).values(row), db.insert(identities).values(identityRows(profile))]);
        return { ok: true };
      } catch (error) {
        if (isIdentityConflict(error)) {
          return takenBy(profile.sandboxId, owned, profile.id);
        }
        throw error;
      }
    },

    async getProfile(sandboxId, id) {
      const rows = await db
        .select()
        .from(profiles)
        .where(and(eq(profiles.sandboxId, sandboxId), eq(profiles.id, id)))
        .limit(1);
      return (await withIdentities(rows))[0] ?? null;
    },

    async findProfile(sandboxId, identity) {
      const rows = await db
        .select({ profile: profiles })
        .from(identities)
        .innerJoin(profiles, eq(profiles.id, identities.profileId))
        .where(
          and(
            eq(identities.sandboxId, sandboxId),
            eq(identities.namespace, identity.namespace),
            eq(identities.value, identity.value),
          ),
        )
        .limit(1);
      return (await withIdentities(rows.map((row) => row.profile)))[0] ?? null;
    },

    async listProfiles(sandboxId, window) {
      const rows = await db
        .select()
        .from(profiles)
        .where(and(eq(profiles.sandboxId, sandboxId), ...windowConditions(profiles, window)))
        .orderBy(desc(profiles.createdAt), desc(profiles.id))
        .limit(window.limit);
      return withIdentities(rows);
    },

    async updateProfile(profile, expectedUpdatedAt, replaceIdentities) {
      const { id, sandboxId } = profile;
      const saveRow = db
        .update(profiles)
        .set({ attributes: profile.attributes, updatedAt: profile.updatedAt })
        .where(and(eq(profiles.id, id), eq(profiles.sandboxId, sandboxId), eq(profiles.updatedAt, expectedUpdatedAt)))
        .returning({ id: profiles.id });
      if (!replaceIdentities) {
        const saved = await saveRow;
        return saved.length === 1 ? { ok: true } : { ok: false, reason: "stale" };
      }
      // The identity statements apply only when the row update above did, because they look
      // for the new `updatedAt`. The batch is one transaction, so a taken identity undoes it all.
      const applied = exists(
        db.select({ one: sql`1` }).from(profiles).where(and(eq(profiles.id, id), eq(profiles.updatedAt, profile.updatedAt))),
      );
      const statements = [
        saveRow,
        db.delete(identities).where(and(eq(identities.profileId, id), applied)),
        ...identityRows(profile).map((row) =>
          db.insert(identities).select(
            db
              .select({
                sandboxId: sql<string>`${row.sandboxId}`.as("sandbox_id"),
                namespace: sql<string>`${row.namespace}`.as("namespace"),
                value: sql<string>`${row.value}`.as("value"),
                profileId: profiles.id,
              })
              .from(profiles)
              .where(and(eq(profiles.id, id), eq(profiles.updatedAt, profile.updatedAt))),
          ),
        ),
      ] as Parameters<typeof db.batch>[0];
      try {
        const [saved] = (await db.batch(statements)) as [{ id: string }[], ...unknown[]];
        return saved.length === 1 ? { ok: true } : { ok: false, reason: "stale" };
      } catch (error) {
        if (isIdentityConflict(error)) {
          return takenBy(sandboxId, profile.identities, id);
        }
        throw error;
      }
    },

    async deleteProfile(sandboxId, id) {
      const owner = db
        .select({ id: profiles.id })
        .from(profiles)
        .where(and(eq(profiles.id, id), eq(profiles.sandboxId, sandboxId)));
      const [, deleted] = (await db.batch([
        db.delete(identities).where(inArray(identities.profileId, owner)),
        db.delete(profiles).where(and(eq(profiles.id, id), eq(profiles.sandboxId, sandboxId))).returning({ id: profiles.id }),
      ])) as [unknown, { id: string }[]];
      return deleted.length === 1;
    },
  };
}
