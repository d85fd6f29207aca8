import type { DeliveryStore, ExecutionStore, MessageStore, OutboxStore } from "@herald/core";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { deliveryBatchStore, updateMessageStatement } from "./delivery-batch-store.ts";
import { toExecution, toMessage, toSurface, toVersion } from "./rows.ts";
import { campaignVersions, executions, messages, outbox, profiles, surfaces } from "./schema/index.ts";

export function deliveryStore(db: HeraldDatabase): DeliveryStore & ExecutionStore & MessageStore & OutboxStore {
  return {
    ...deliveryBatchStore(db),

    async loadDelivery(messageId) {
      const rows = await db
        .select({ message: messages, version: campaignVersions, surface: surfaces, profile: profiles })
        .from(messages)
        .innerJoin(campaignVersions, eq(campaignVersions.id, messages.campaignVersionId))
        .innerJoin(surfaces, eq(surfaces.id, campaignVersions.surfaceId))
        .leftJoin(profiles, eq(profiles.id, messages.profileId))
        .where(eq(messages.id, messageId))
        .limit(1);
      const row = rows[0];
      if (!row) {
        return null;
      }
      return {
        message: toMessage(row.message),
        version: toVersion(row.version),
        surface: toSurface(row.surface),
        profile: row.profile ? { ...row.profile, identities: [] } : null,
      };
    },

    async claimMessage(messageId, from, now, expectedUpdatedAt) {
      const rows = await db
        .update(messages)
        .set({ status: "sending", attempts: sqlIncrement(), updatedAt: now })
        .where(
          and(
            eq(messages.id, messageId),
            inArray(messages.status, from),
            expectedUpdatedAt === undefined ? undefined : eq(messages.updatedAt, expectedUpdatedAt),
          ),
        )
        .returning({ id: messages.id });
      return rows.length === 1;
    },

    async updateMessage(messageId, update, now) {
      await updateMessageStatement(db, messageId, update, now);
    },

    async getExecution(sandboxId, id) {
      const [row] = await db
        .select()
        .from(executions)
        .where(and(eq(executions.sandboxId, sandboxId), eq(executions.id, id)))
        .limit(1);
      return row ? toExecution(row) : null;
    },

    async listExecutionMessages(executionId) {
      const rows = await db
        .select()
        .from(messages)
        .where(eq(messages.executionId, executionId))
        .orderBy(asc(messages.recipientIndex));
      return rows.map(toMessage);
    },

    async getMessage(sandboxId, id) {
      const [row] = await db
        .select()
        .from(messages)
        .where(and(eq(messages.sandboxId, sandboxId), eq(messages.id, id)))
        .limit(1);
      return row ? toMessage(row) : null;
    },

    async getOutboxEntry(messageId) {
      const [row] = await db.select().from(outbox).where(eq(outbox.messageId, messageId)).limit(1);
      return row ?? null;
    },

    async putOutboxEntry(entry) {
      await db
        .insert(outbox)
        .values(entry)
        .onConflictDoNothing();
    },
  };
}

function sqlIncrement() {
  return sql`${messages.attempts} + 1`;
}
