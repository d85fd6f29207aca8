import { type Profile, type TriggerStore, identityKey } from "@herald/core";
import { and, eq } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { insertExecution, insertJob, insertMessage, insertNewProfile } from "./execution-statements.ts";
import { allRows, rawStatement } from "./raw-statement.ts";
import { idempotencyKeys } from "./schema/index.ts";
import { aliasKey, claimKey, completeKey, groupProfiles, selectClaim, selectProfiles, toClaim } from "./trigger-statements.ts";

type BatchStatements = Parameters<HeraldDatabase["batch"]>[0];

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

/** D1 binds at most 100 parameters per statement; each identity takes two. */
const IDENTITIES_PER_STATEMENT = 45;

export interface TriggerStoreOptions {
  /**
   * Adds each new message's queue job in the same write batch, for the Node server, whose
   * queue is a table of the same database. Default false: Workers use Cloudflare Queues.
   */
  writeJobs?: boolean;
}

export function triggerStore(db: HeraldDatabase, options: TriggerStoreOptions = {}): TriggerStore {
  const keyOf = (sandboxId: string, key: string) =>
    and(eq(idempotencyKeys.sandboxId, sandboxId), eq(idempotencyKeys.key, key));

  return {
    async loadTriggerState(sandboxId, claim, wanted) {
      const statements: BatchStatements = [
        rawStatement(db, claimKey(sandboxId, claim), "run"),
        rawStatement(db, selectClaim(sandboxId, claim.key, claim.createdAt), "all"),
      ];
      for (let start = 0; start < wanted.length; start += IDENTITIES_PER_STATEMENT) {
        const slice = wanted.slice(start, start + IDENTITIES_PER_STATEMENT);
        statements.push(rawStatement(db, selectProfiles(sandboxId, slice), "all"));
      }
      const [, claimRows, ...profileSlices] = (await db.batch(statements)) as [
        unknown,
        unknown[],
        ...unknown[][],
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
      const fields = { ...claim, executionId: execution.id, requestHash: execution.requestHash };
      // The claim becomes `done` if it is this execution's (or free), and the execution row
      // takes its sandbox from that claim, so a call whose key was taken over writes nothing.
      const statements: BatchStatements = [
        rawStatement(db, completeKey(sandboxId, claim.key, fields), "run"),
        rawStatement(db, insertExecution(execution, claim.key), "run"),
      ];
      for (const alias of claim.aliases ?? []) {
        statements.push(rawStatement(db, aliasKey(sandboxId, alias, fields), "run"));
      }
      for (const profile of newProfiles) {
        statements.push(...insertNewProfile(profile).map((statement) => rawStatement(db, statement, "run")));
      }
      for (const { record, identity } of planned) {
        statements.push(rawStatement(db, insertMessage(record, identity), "run"));
        if (options.writeJobs) {
          statements.push(rawStatement(db, insertJob(record), "run"));
        }
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
      const [row] = await allRows(db, selectClaim(sandboxId, key, now));
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
