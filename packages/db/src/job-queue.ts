import type { Channel } from "@herald/core";
import { type SQL, and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { rawStatement } from "./raw-statement.ts";
import { messages, queueJobs } from "./schema/index.ts";

/** A job handed to a consumer: its message, how often it was claimed, and the lease to settle. */
export interface ClaimedJob {
  messageId: string;
  channel: Channel;
  deliveries: number;
  leaseToken: string;
}

/** A consumer's decision for a claimed job. */
export type Settlement =
  | { kind: "ack"; job: ClaimedJob }
  | { kind: "retry"; job: ClaimedJob; delayMs: number; error?: string }
  | { kind: "dead"; job: ClaimedJob; error: string };

type BatchStatements = Parameters<HeraldDatabase["batch"]>[0];
type Statement = BatchStatements[number];

/**
 * Builds a durable queue in the database: a claim leases up to `limit` due jobs at once, a job
 * whose lease runs out becomes claimable again, and settling writes a whole batch in one
 * transaction. Times are milliseconds since the epoch.
 */
export function jobQueue(db: HeraldDatabase) {
  return {
    /** Adds one job per message; a message that already has a job keeps it. */
    async enqueue(channel: Channel, messageIds: string[], now: number): Promise<void> {
      if (messageIds.length === 0) {
        return;
      }
      const createdAt = new Date(now).toISOString();
      const rows = messageIds.map((messageId) => ({ messageId, channel, visibleAt: now, createdAt }));
      await db.insert(queueJobs).values(rows).onConflictDoNothing();
    },

    /**
     * Adds a job for every `queued` message that has none, which a process killed between a
     * trigger's write batch and its enqueue leaves behind. Returns how many it added.
     */
    async recoverQueued(now: number): Promise<number> {
      const createdAt = new Date(now).toISOString();
      const result = await db.run(sql`
        INSERT OR IGNORE INTO ${queueJobs} (message_id, channel, deliveries, visible_at, created_at)
        SELECT ${messages.id}, ${messages.channel}, 0, ${now}, ${createdAt} FROM ${messages}
        WHERE ${messages.status} = 'queued'
          AND NOT EXISTS (SELECT 1 FROM ${queueJobs} WHERE ${queueJobs.messageId} = ${messages.id})`);
      return Number((result as { rowsAffected?: number }).rowsAffected ?? 0);
    },

    /** Leases up to `limit` due jobs, oldest first, until `now + leaseMs`. */
    async claim(limit: number, now: number, leaseMs: number, leaseToken: string): Promise<ClaimedJob[]> {
      const due = db
        .select({ messageId: queueJobs.messageId })
        .from(queueJobs)
        .where(lte(queueJobs.visibleAt, now))
        .orderBy(asc(queueJobs.visibleAt))
        .limit(limit);
      const rows = await db
        .update(queueJobs)
        .set({ visibleAt: now + leaseMs, leaseToken, deliveries: sql`${queueJobs.deliveries} + 1` })
        .where(inArray(queueJobs.messageId, due))
        .returning({ messageId: queueJobs.messageId, channel: queueJobs.channel, deliveries: queueJobs.deliveries });
      return rows.map((row) => ({ ...row, leaseToken }));
    },

    /** Pushes the leases of jobs still being worked on to `until`, for jobs still held under their token. */
    async extendLeases(jobs: ClaimedJob[], until: number): Promise<void> {
      if (jobs.length === 0) {
        return;
      }
      // The message ids find the rows by primary key; the tokens leave jobs claimed since alone.
      const ids = jobs.map((job) => job.messageId);
      const tokens = [...new Set(jobs.map((job) => job.leaseToken))];
      await db
        .update(queueJobs)
        .set({ visibleAt: until })
        .where(and(inArray(queueJobs.messageId, ids), inArray(queueJobs.leaseToken, tokens)));
    },

    /**
     * Writes a batch of settlements in one transaction. A settlement whose lease was taken
     * over by another claim changes nothing, because the job now belongs to that claim.
     */
    async settle(settlements: Settlement[], now: number): Promise<void> {
      // Acks are nearly every settlement, so they share one DELETE instead of one each.
      const acked = settlements.flatMap(({ kind, job }) => (kind === "ack" ? [[job.messageId, job.leaseToken]] : []));
      const statements = [
        ...(acked.length > 0 ? [rawStatement(db, deleteHeldJobs(acked), "run")] : []),
        ...settlements.flatMap((settlement) => settlementStatements(db, settlement, now)),
      ];
      if (statements.length > 0) {
        await db.batch(statements as unknown as BatchStatements);
      }
    },

    /** Counts the jobs not yet settled for good, and the dead ones. */
    async depth(): Promise<{ pending: number; dead: number }> {
      const [row] = await db
        .select({
          pending: sql<number>`count(*) filter (where ${queueJobs.deadAt} is null)`,
          dead: sql<number>`count(*) filter (where ${queueJobs.deadAt} is not null)`,
        })
        .from(queueJobs);
      return { pending: Number(row?.pending ?? 0), dead: Number(row?.dead ?? 0) };
    },
  };
}

export type JobQueue = ReturnType<typeof jobQueue>;

function heldBy(job: ClaimedJob) {
  return and(eq(queueJobs.messageId, job.messageId), eq(queueJobs.leaseToken, job.leaseToken));
}

/** Deletes each job of `leased`, a list of `[messageId, leaseToken]`, unless another claim took its lease. */
function deleteHeldJobs(leased: string[][]): SQL {
  return sql`DELETE FROM queue_jobs WHERE message_id IN (SELECT json_extract(value, '$[0]') FROM json_each(${JSON.stringify(leased)}))
    AND (message_id, lease_token) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${JSON.stringify(leased)}))`;
}

function settlementStatements(db: HeraldDatabase, settlement: Settlement, now: number): Statement[] {
  const { job } = settlement;
  switch (settlement.kind) {
    case "ack":
      return [];
    case "retry":
      return [
        db
          .update(queueJobs)
          .set({ visibleAt: now + settlement.delayMs, leaseToken: null, lastError: settlement.error ?? null })
          .where(heldBy(job)),
      ];
    case "dead":
      return deadLetterStatements(db, settlement.job, settlement.error, now);
  }
}

/** Keeps a job that can no longer be delivered, like a dead-letter queue, out of every claim. */
function deadLetterStatements(db: HeraldDatabase, job: ClaimedJob, error: string, now: number): Statement[] {
  const deadAt = new Date(now).toISOString();
  return [
    db
      .update(queueJobs)
      .set({ visibleAt: null, leaseToken: null, lastError: error, deadAt })
      .where(heldBy(job)),
  ];
}
