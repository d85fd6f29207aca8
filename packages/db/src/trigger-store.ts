import {
  type Identity,
  type Profile,
  type TriggerStore,
  identityKey,
} from "@herald/core";
import { and, eq, inArray, notExists, or, sql } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { toExecution } from "./rows.ts";
import { executions, identities, messages, profiles, sandboxes } from "./schema/index.ts";

function isUniqueViolation(error: unknown, table: string): boolean {
  let current: unknown = error;
  while (current instanceof Error) {
    if (current.message.includes("UNIQUE constraint failed") && current.message.includes(table)) {
      return true;
    }
    current = current.cause;
  }
  return false;
}

function matchIdentities(sandboxId: string, wanted: Identity[]) {
  return and(
    eq(identities.sandboxId, sandboxId),
    or(...wanted.map((identity) => and(eq(identities.namespace, identity.namespace), eq(identities.value, identity.value)))),
  );
}

function groupProfiles(rows: { profile: typeof profiles.$inferSelect; identity: Identity }[]): Profile[] {
  const byId = new Map<string, Profile>();
  for (const { profile, identity } of rows) {
    const existing = byId.get(profile.id) ?? { ...profile, identities: [] };
    existing.identities.push(identity);
    byId.set(profile.id, existing);
  }
  return [...byId.values()];
}

export function triggerStore(db: HeraldDatabase): TriggerStore {
  const findExecutionQuery = (sandboxId: string, requestId: string) =>
    db
      .select()
      .from(executions)
      .where(and(eq(executions.sandboxId, sandboxId), eq(executions.requestId, requestId)))
      .limit(1);

  return {
    async loadTriggerState(sandboxId, requestId, wanted) {
      const executionQuery = findExecutionQuery(sandboxId, requestId);
      if (wanted.length === 0) {
        const [execution] = await executionQuery;
        return { execution: execution ? toExecution(execution) : null, profiles: new Map() };
      }
      const owners = db
        .select({ profileId: identities.profileId })
        .from(identities)
        .where(matchIdentities(sandboxId, wanted));
      const profileQuery = db
        .select({
          profile: profiles,
          identity: { namespace: identities.namespace, value: identities.value },
        })
        .from(identities)
        .innerJoin(profiles, eq(profiles.id, identities.profileId))
        .where(inArray(identities.profileId, owners));
      const [executionRows, profileRows] = (await db.batch([executionQuery, profileQuery])) as [
        (typeof executions.$inferSelect)[],
        { profile: typeof profiles.$inferSelect; identity: Identity }[],
      ];
      const byIdentity = new Map<string, Profile>();
      for (const profile of groupProfiles(profileRows)) {
        for (const identity of profile.identities) {
          byIdentity.set(identityKey(identity), profile);
        }
      }
      const execution = executionRows[0];
      return { execution: execution ? toExecution(execution) : null, profiles: byIdentity };
    },

    async writeExecution({ execution, newProfiles, messages: planned }) {
      const statements = [db.insert(executions).values(execution)] as Parameters<typeof db.batch>[0];
      for (const profile of newProfiles) {
        const { namespace, value } = profile.identity;
        // Inserts the profile only while no profile owns this identity, so concurrent calls
        // for one new person leave exactly one profile (the identity's primary key decides).
        const unclaimed = db
          .select({ one: sql`1` })
          .from(identities)
          .where(
            and(eq(identities.sandboxId, profile.sandboxId), eq(identities.namespace, namespace), eq(identities.value, value)),
          );
        statements.push(
          db.insert(profiles).select(
            db
              .select({
                id: sql<string>`${profile.id}`.as("id"),
                sandboxId: sandboxes.id,
                attributes: sql<string>`'{}'`.as("attributes"),
                createdBy: sql<string>`'interactive-messaging'`.as("created_by"),
                createdAt: sql<string>`${profile.createdAt}`.as("created_at"),
                updatedAt: sql<string>`${profile.createdAt}`.as("updated_at"),
              })
              .from(sandboxes)
              .where(and(eq(sandboxes.id, profile.sandboxId), notExists(unclaimed))),
          ),
          db
            .insert(identities)
            .values({ sandboxId: profile.sandboxId, namespace, value, profileId: profile.id })
            .onConflictDoNothing(),
        );
      }
      for (const { record, identity } of planned) {
        const owner = identity
          ? sql<string>`(SELECT ${identities.profileId} FROM ${identities} WHERE ${identities.sandboxId} = ${record.sandboxId}
              AND ${identities.namespace} = ${identity.namespace} AND ${identities.value} = ${identity.value})`
          : null;
        statements.push(db.insert(messages).values({ ...record, profileId: record.profileId ?? owner }));
      }
      try {
        await db.batch(statements);
        return true;
      } catch (error) {
        if (isUniqueViolation(error, "executions")) {
          return false;
        }
        throw error;
      }
    },

    async findExecution(sandboxId, requestId) {
      const [row] = await findExecutionQuery(sandboxId, requestId);
      return row ? toExecution(row) : null;
    },
  };
}
