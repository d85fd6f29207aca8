import type { LatencySummary } from "./results.ts";
import type { Target } from "./target.ts";

const PENDING = "status IN ('queued', 'sending', 'retrying')";

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Counts a campaign's messages that are not final yet. */
export async function pendingMessages(target: Target, campaignId: string): Promise<number> {
  const [row] = await target.query<{ n: number }>(
    `SELECT count(*) AS n FROM messages WHERE campaign_id = ? AND ${PENDING}`,
    campaignId,
  );
  return Number(row?.n ?? 0);
}

async function unqueuedMessages(target: Target): Promise<number> {
  const [row] = await target.query<{ n: number }>(
    "SELECT count(*) AS n FROM messages WHERE status = 'queued' AND queued_at IS NULL",
  );
  return Number(row?.n ?? 0);
}

/**
 * Waits until every message of the campaigns is final, running the sweep whenever messages
 * wait for it. Returns the seconds it took and how many sweeps ran.
 */
export async function drain(
  target: Target,
  campaignIds: string[],
  timeoutSeconds: number,
): Promise<{ seconds: number; sweeps: number; pending: number }> {
  const started = Date.now();
  let sweeps = 0;
  for (;;) {
    let pending = 0;
    for (const campaignId of campaignIds) {
      pending += await pendingMessages(target, campaignId);
    }
    const seconds = (Date.now() - started) / 1000;
    if (pending === 0 || seconds > timeoutSeconds) {
      return { seconds, sweeps, pending };
    }
    if ((await unqueuedMessages(target)) > 0) {
      await target.sweep();
      sweeps += 1;
    }
    await sleep(250);
  }
}

/** Trigger-to-`sent` latency of a campaign's sent messages, from `created_at` and `sent_at`. */
export async function sentLatency(target: Target, campaignId: string): Promise<LatencySummary> {
  const latency = "(julianday(sent_at) - julianday(created_at)) * 86400000.0";
  const [row] = await target.query<{ n: number }>(
    "SELECT count(*) AS n FROM messages WHERE campaign_id = ? AND sent_at IS NOT NULL",
    campaignId,
  );
  const count = Number(row?.n ?? 0);
  const at = async (fraction: number) => {
    if (count === 0) {
      return 0;
    }
    const offset = Math.min(count - 1, Math.floor(count * fraction));
    const [value] = await target.query<{ ms: number }>(
      `SELECT ${latency} AS ms FROM messages WHERE campaign_id = ? AND sent_at IS NOT NULL ORDER BY ms LIMIT 1 OFFSET ?`,
      campaignId,
      offset,
    );
    return Math.round(Number(value?.ms ?? 0));
  };
  return { count, p50: await at(0.5), p99: await at(0.99) };
}

/** Counts a campaign's messages sent between two instants. */
export async function sentBetween(target: Target, campaignId: string, from: string, to: string): Promise<number> {
  const [row] = await target.query<{ n: number }>(
    "SELECT count(*) AS n FROM messages WHERE campaign_id = ? AND sent_at >= ? AND sent_at < ?",
    campaignId,
    from,
    to,
  );
  return Number(row?.n ?? 0);
}

/** One row per message of a campaign: the execution it belongs to, its status and claims. */
export function campaignMessages(target: Target, campaignId: string) {
  return target.query<{ execution_id: string; status: string; attempts: number }>(
    "SELECT execution_id, status, attempts FROM messages WHERE campaign_id = ?",
    campaignId,
  );
}
