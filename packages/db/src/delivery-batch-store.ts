import type { ClaimedDeliveries, DeliveryStore, DeliveryWrite, StatusUpdate } from "@herald/core";
import { type SQL, and, eq, inArray, sql } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { insertOutboxEntries, truncateReason, updateMessages } from "./delivery-statements.ts";
import { rawStatement } from "./raw-statement.ts";
import { toMessage, toSurface, toVersion } from "./rows.ts";
import { campaignVersions, messages, profiles, pushTargets, surfaces, webhooks } from "./schema/index.ts";

type BatchStatements = Parameters<HeraldDatabase["batch"]>[0];
type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];

/** Builds one message's status update, with the reason cut to `MAX_REASON_LENGTH`. */
export function updateMessageStatement(db: HeraldDatabase, messageId: string, update: StatusUpdate, now: string) {
  const { clearPayload, ...fields } = truncateReason(update);
  return db
    .update(messages)
    .set({ ...fields, updatedAt: now, ...(clearPayload ? { context: null, profileOverrides: null } : {}) })
    .where(eq(messages.id, messageId));
}

/**
 * Builds the batch reads and writes of the delivery consumer. Id lists travel as one JSON
 * parameter read with `json_each`, so a batch of any size stays under D1's limit of 100 bound
 * parameters per statement. Every read selects one table, because D1 returns batch rows as
 * objects keyed by column name, which would merge the columns a join shares by name.
 */
export function deliveryBatchStore(db: HeraldDatabase): Pick<DeliveryStore, "claimDeliveries" | "recordDeliveries"> {
  return {
    async claimDeliveries(messageIds, now, options) {
      if (messageIds.length === 0) {
        return { claimed: new Set(), states: new Map(), goneTargets: [], webhooks: [] };
      }
      const listed = sql`(SELECT value FROM json_each(${JSON.stringify(messageIds)}))`;
      const inBatch = sql`${messages.id} IN ${listed}`;
      const batchColumn = (column: typeof messages.campaignVersionId | typeof messages.profileId | typeof messages.sandboxId) =>
        db.select({ value: column }).from(messages).where(inBatch);
      const statements = [
        db
          .update(messages)
          .set({ status: "sending", attempts: sql`${messages.attempts} + 1`, updatedAt: now })
          .where(and(inBatch, inArray(messages.status, ["queued", "retrying"])))
          .returning({ id: messages.id }),
        db.select().from(messages).where(inBatch),
        db.select().from(campaignVersions).where(inArray(campaignVersions.id, batchColumn(messages.campaignVersionId))),
        db
          .select()
          .from(surfaces)
          .where(
            inArray(
              surfaces.id,
              db
                .select({ value: campaignVersions.surfaceId })
                .from(campaignVersions)
                .where(inArray(campaignVersions.id, batchColumn(messages.campaignVersionId))),
            ),
          ),
        db.select().from(profiles).where(inArray(profiles.id, batchColumn(messages.profileId))),
        db.select().from(pushTargets).where(and(eq(pushTargets.status, "gone"), goneTargetFilter(inBatch))),
        ...(options.webhooks ? [db.select().from(webhooks).where(inArray(webhooks.sandboxId, batchColumn(messages.sandboxId)))] : []),
      ] as const;
      const results = await db.batch(statements as unknown as BatchStatements);
      return toClaimedDeliveries(results);
    },

    async recordDeliveries(write: DeliveryWrite, now) {
      const statements = [
        ...(write.outbox.length > 0 ? [rawStatement(db, insertOutboxEntries(write.outbox), "run")] : []),
        ...(write.updates.length > 0 ? [rawStatement(db, updateMessages(write.updates, now), "run")] : []),
        ...write.goneTargets.map((target) =>
          db
            .insert(pushTargets)
            .values(target)
            .onConflictDoUpdate({
              target: [pushTargets.sandboxId, pushTargets.key],
              set: {
                status: target.status,
                reason: target.reason,
                profileId: sql`coalesce(excluded.profile_id, ${pushTargets.profileId})`,
                updatedAt: target.updatedAt,
              },
            }),
        ),
      ];
      if (statements.length > 0) {
        await db.batch(statements as unknown as BatchStatements);
      }
    },
  };
}

/**
 * Matches the push targets of the batch's push messages. The key is the Web Push endpoint or
 * the device token, as `pushTargetKey` in core derives it from the stored address.
 */
function goneTargetFilter(inBatch: SQL): SQL {
  return sql`(${pushTargets.sandboxId}, ${pushTargets.key}) IN (
    SELECT ${messages.sandboxId},
      CASE json_extract(${messages.address}, '$.target.kind')
        WHEN 'web' THEN json_extract(${messages.address}, '$.target.subscription.endpoint')
        ELSE json_extract(${messages.address}, '$.target.token')
      END
    FROM ${messages} WHERE ${inBatch} AND ${messages.channel} = 'push')`;
}

function toClaimedDeliveries(results: unknown[]): ClaimedDeliveries {
  const [claimRows, messageRows, versionRows, surfaceRows, profileRows, goneRows, webhookRows = []] = results as [
    { id: string }[],
    Row<typeof messages>[],
    Row<typeof campaignVersions>[],
    Row<typeof surfaces>[],
    Row<typeof profiles>[],
    Row<typeof pushTargets>[],
    Row<typeof webhooks>[]?,
  ];
  const versions = new Map(versionRows.map((row) => [row.id, toVersion(row)]));
  const surfacesById = new Map(surfaceRows.map((row) => [row.id, toSurface(row)]));
  const profilesById = new Map(profileRows.map((row) => [row.id, { ...row, identities: [] }]));
  const states: ClaimedDeliveries["states"] = new Map();
  for (const row of messageRows) {
    const version = versions.get(row.campaignVersionId);
    const surface = version === undefined ? undefined : surfacesById.get(version.surfaceId);
    if (version !== undefined && surface !== undefined) {
      const profile = row.profileId === null ? null : (profilesById.get(row.profileId) ?? null);
      states.set(row.id, { message: toMessage(row), version, surface, profile });
    }
  }
  return { claimed: new Set(claimRows.map((row) => row.id)), states, goneTargets: goneRows, webhooks: webhookRows };
}
