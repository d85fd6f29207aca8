import {
  type IdempotencyClaim,
  type Identity,
  type Profile,
  type TriggerStore,
  identityKey,
} from "@herald/core";
import { and, eq, gt, inArray, lt, lte, notExists, or, sql } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { toExecution } from "./rows.ts";
import { executions, idempotencyKeys, identities, messages, profiles, sandboxes } from "./schema/index.ts";

// D1 returns batch rows as objects keyed by column name, so the join must not select an
// execution column whose name the claim table also has. The claim's sandbox, hash and
// creation time equal the execution's.
const claimColumns = {
  claim: idempotencyKeys,
  execution: {
    campaignId: executions.campaignId,
    campaignVersionId: executions.campaignVersionId,
    requestId: executions.requestId,
    response: executions.response,
  },
};

type ExecutionColumns = Pick<typeof executions.$inferSelect, "campaignId" | "campaignVersionId" | "requestId" | "response">;

type ClaimRow = {
  claim: typeof idempotencyKeys.$inferSelect;
  execution: ExecutionColumns | null;
};

function toClaim(row: ClaimRow | undefined): IdempotencyClaim | null {
  if (row === undefined) {
    return null;
  }
  const { claim } = row;
  const execution =
    row.execution === null
      ? null
      : toExecution({
          ...row.execution,
          id: claim.executionId,
          sandboxId: claim.sandboxId,
          requestHash: claim.requestHash,
          createdAt: claim.createdAt,
        });
  return { ...claim, execution };
}

function hasMessage(error: unknown, ...parts: string[]): boolean {
  let current: unknown = error;
  while (current instanceof Error) {
    if (parts.every((part) => current instanceof Error && current.message.includes(part))) {
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

/** D1 binds at most 100 parameters per statement; each identity takes two. */
const IDENTITIES_PER_STATEMENT = 45;

type ProfileRow = { profile: typeof profiles.$inferSelect; identity: Identity };

function groupProfiles(rows: ProfileRow[]): Profile[] {
  const byId = new Map<string, Profile>();
  for (const { profile, identity } of rows) {
    const existing = byId.get(profile.id) ?? { ...profile, identities: [] };
    // A profile whose identities fall in two slices comes back once per slice.
    if (!existing.identities.some((known) => identityKey(known) === identityKey(identity))) {
      existing.identities.push(identity);
    }
    byId.set(profile.id, existing);
  }
  return [...byId.values()];
}

export function triggerStore(db: HeraldDatabase): TriggerStore {
  const keyOf = (sandboxId: string, key: string) =>
    and(eq(idempotencyKeys.sandboxId, sandboxId), eq(idempotencyKeys.key, key));
  const findClaimQuery = (sandboxId: string, key: string, now: string) =>
    db
      .select(claimColumns)
      .from(idempotencyKeys)
      .leftJoin(executions, eq(executions.id, idempotencyKeys.executionId))
      .where(and(keyOf(sandboxId, key), gt(idempotencyKeys.expiresAt, now)))
      .limit(1);

  return {
    async loadTriggerState(sandboxId, claim, wanted) {
      const row = {
        sandboxId,
        key: claim.key,
        requestHash: claim.requestHash,
        executionId: claim.executionId,
        state: "claiming" as const,
        createdAt: claim.createdAt,
        expiresAt: claim.expiresAt,
      };
      // Claims the key, or takes over a claim that expired or whose call died before writing.
      const claimStatement = db
        .insert(idempotencyKeys)
        .values(row)
        .onConflictDoUpdate({
          target: [idempotencyKeys.sandboxId, idempotencyKeys.key],
          set: row,
          setWhere: or(
            lte(idempotencyKeys.expiresAt, claim.createdAt),
            and(eq(idempotencyKeys.state, "claiming"), lt(idempotencyKeys.createdAt, claim.staleBefore)),
          ),
        });
      const claimQuery = findClaimQuery(sandboxId, claim.key, claim.createdAt);
      if (wanted.length === 0) {
        const [, claimRows] = (await db.batch([claimStatement, claimQuery])) as [unknown, ClaimRow[]];
        return { claim: toClaim(claimRows[0]), profiles: new Map() };
      }
      const profileQueries = [];
      for (let start = 0; start < wanted.length; start += IDENTITIES_PER_STATEMENT) {
        const owners = db
          .select({ profileId: identities.profileId })
          .from(identities)
          .where(matchIdentities(sandboxId, wanted.slice(start, start + IDENTITIES_PER_STATEMENT)));
        profileQueries.push(
          db
            .select({
              profile: profiles,
              identity: { namespace: identities.namespace, value: identities.value },
            })
            .from(identities)
            .innerJoin(profiles, eq(profiles.id, identities.profileId))
            .where(inArray(identities.profileId, owners)),
        );
      }
      const [, claimRows, ...profileSlices] = (await db.batch([claimStatement, claimQuery, ...profileQueries])) as [
        unknown,
        ClaimRow[],
        ...ProfileRow[][],
      ];
      const byIdentity = new Map<string, Profile>();
      for (const profile of groupProfiles(profileSlices.flat())) {
        for (const identity of profile.identities) {
          byIdentity.set(identityKey(identity), profile);
        }
      }
      return { claim: toClaim(claimRows[0]), profiles: byIdentity };
    },

    async writeExecution({ claim, execution, newProfiles, messages: planned }) {
      const { sandboxId } = execution;
      const row = {
        sandboxId,
        key: claim.key,
        requestHash: execution.requestHash,
        executionId: execution.id,
        state: "done" as const,
        createdAt: claim.createdAt,
        expiresAt: claim.expiresAt,
      };
      // The claim becomes `done` if it is this execution's (or free), and the execution row
      // takes its sandbox from that claim. When another execution has the key, the sandbox
      // is NULL, so the NOT NULL constraint fails and the whole batch rolls back.
      const held = sql<string>`(SELECT ${idempotencyKeys.sandboxId} FROM ${idempotencyKeys}
        WHERE ${idempotencyKeys.sandboxId} = ${sandboxId} AND ${idempotencyKeys.key} = ${claim.key}
        AND ${idempotencyKeys.executionId} = ${execution.id})`;
      const statements = [
        db
          .insert(idempotencyKeys)
          .values(row)
          .onConflictDoUpdate({
            target: [idempotencyKeys.sandboxId, idempotencyKeys.key],
            set: row,
            setWhere: or(
              eq(idempotencyKeys.executionId, execution.id),
              lte(idempotencyKeys.expiresAt, claim.createdAt),
            ),
          }),
        db.insert(executions).values({ ...execution, sandboxId: held }),
      ] as Parameters<typeof db.batch>[0];
      for (const alias of claim.aliases ?? []) {
        // An alias already held by another unexpired call stays with that call.
        statements.push(
          db
            .insert(idempotencyKeys)
            .values({ ...row, key: alias })
            .onConflictDoUpdate({
              target: [idempotencyKeys.sandboxId, idempotencyKeys.key],
              set: { ...row, key: alias },
              setWhere: lte(idempotencyKeys.expiresAt, claim.createdAt),
            }),
        );
      }
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
        if (hasMessage(error, "NOT NULL constraint failed", "executions.sandbox_id")) {
          return false;
        }
        throw error;
      }
    },

    async releaseClaim(sandboxId, key, executionId) {
      await db
        .delete(idempotencyKeys)
        .where(
          and(keyOf(sandboxId, key), eq(idempotencyKeys.executionId, executionId), eq(idempotencyKeys.state, "claiming")),
        );
    },

    async findClaim(sandboxId, key, now) {
      const [row] = await findClaimQuery(sandboxId, key, now);
      return toClaim(row);
    },

    async completeClaim(sandboxId, key, executionId) {
      await db
        .update(idempotencyKeys)
        .set({ state: "done" })
        .where(
          and(
            eq(idempotencyKeys.sandboxId, sandboxId),
            eq(idempotencyKeys.key, key),
            eq(idempotencyKeys.executionId, executionId),
          ),
        );
    },
  };
}
