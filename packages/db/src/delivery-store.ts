import type { DeliveryState, DeliveryStore, ExecutionStore, MessageStore, OutboxStore, StatusUpdate } from "@herald/core";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { toExecution, toMessage, toSurface, toVersion } from "./rows.ts";
import { campaignVersions, executions, messages, outbox, profiles, surfaces } from "./schema/index.ts";

/** Reasons come from providers and can be long; the status API shows the start. */
const MAX_REASON_LENGTH = 1_000;

/** D1 binds at most 100 parameters per statement, so id lists go in slices below that. */
const IDS_PER_STATEMENT = 90;

function slices<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

export function deliveryStore(db: HeraldDatabase): DeliveryStore & ExecutionStore & MessageStore & OutboxStore {
  const deliveryQuery = () =>
    db
      .select({ message: messages, version: campaignVersions, surface: surfaces, profile: profiles })
      .from(messages)
      .innerJoin(campaignVersions, eq(campaignVersions.id, messages.campaignVersionId))
      .innerJoin(surfaces, eq(surfaces.id, campaignVersions.surfaceId))
      .leftJoin(profiles, eq(profiles.id, messages.profileId));
  const toDelivery = (row: Awaited<ReturnType<typeof deliveryQuery>>[number]): DeliveryState => ({
    message: toMessage(row.message),
    version: toVersion(row.version),
    surface: toSurface(row.surface),
    profile: row.profile ? { ...row.profile, identities: [] } : null,
  });
  const updateStatement = (messageId: string, update: StatusUpdate, now: string) => {
    const { clearPayload, ...fields } = update;
    if (typeof fields.reason === "string" && fields.reason.length > MAX_REASON_LENGTH) {
      fields.reason = `${fields.reason.slice(0, MAX_REASON_LENGTH)}…`;
    }
    return db
      .update(messages)
      .set({ ...fields, updatedAt: now, ...(clearPayload ? { context: null, profileOverrides: null } : {}) })
      .where(eq(messages.id, messageId));
  };

  return {
    async loadDelivery(messageId) {
      const [row] = await deliveryQuery().where(eq(messages.id, messageId)).limit(1);
      return row ? toDelivery(row) : null;
    },

    async loadDeliveries(messageIds) {
      // Separate queries, not one batch: D1 returns a batch's rows as objects, which loses
      // the columns these joined tables share by name.
      const found = await Promise.all(
        slices(messageIds, IDS_PER_STATEMENT).map((ids) => deliveryQuery().where(inArray(messages.id, ids))),
      );
      return new Map(found.flat().map((row) => [row.message.id, toDelivery(row)]));
    },

    async claimMessages(messageIds, from, now) {
      const claimed = await Promise.all(
        slices(messageIds, IDS_PER_STATEMENT - from.length).map((ids) =>
          db
            .update(messages)
            .set({ status: "sending", attempts: sqlIncrement(), updatedAt: now })
            .where(and(inArray(messages.id, ids), inArray(messages.status, from)))
            .returning({ id: messages.id }),
        ),
      );
      return new Set(claimed.flat().map((row) => row.id));
    },

    async recordDeliveries(updates, entries, now) {
      const statements = [
        ...entries.map((entry) => db.insert(outbox).values(entry).onConflictDoNothing()),
        ...updates.map(({ messageId, update }) => updateStatement(messageId, update, now)),
      ];
      const [first, ...rest] = statements;
      if (first !== undefined) {
        await db.batch([first, ...rest]);
      }
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
      await updateStatement(messageId, update, now);
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
