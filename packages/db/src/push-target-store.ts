import type { PushTargetStore } from "@herald/core";
import { and, eq } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { pushTargets } from "./schema/index.ts";

export function pushTargetStore(db: HeraldDatabase): PushTargetStore {
  return {
    async getPushTarget(sandboxId, key) {
      const [row] = await db
        .select()
        .from(pushTargets)
        .where(and(eq(pushTargets.sandboxId, sandboxId), eq(pushTargets.key, key)))
        .limit(1);
      return row ?? null;
    },

    async savePushTarget(target) {
      await db
        .insert(pushTargets)
        .values(target)
        .onConflictDoUpdate({
          target: [pushTargets.sandboxId, pushTargets.key],
          set: {
            status: target.status,
            reason: target.reason,
            profileId: target.profileId,
            updatedAt: target.updatedAt,
          },
        });
    },
  };
}
