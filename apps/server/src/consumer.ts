import { type DeliveryDecision, type DeliveryJob, type Logger, retryDelaySeconds } from "@herald/core";
import type { ClaimedJob, JobQueue, Settlement } from "@herald/db";
import { WakeSignal } from "./signal.ts";

export interface ConsumerSettings {
  /** Provider sends in flight at once within one batch. */
  concurrency: number;
  /** Maximum number of jobs one claim takes and delivers as one batch. */
  batchSize: number;
  /** How long a claimed job stays invisible to other claims, renewed while it is worked on. */
  leaseMs: number;
  /** Retries after the first delivery before a job goes to the dead letters, as Cloudflare's `max_retries`. */
  maxRetries: number;
  /** How often an idle consumer looks for due jobs, such as retries whose delay ran out. */
  pollMs: number;
}

export interface ConsumerOptions extends ConsumerSettings {
  queue: JobQueue;
  /** Delivers a batch of jobs and returns one decision per job, in the same order. */
  deliver(jobs: DeliveryJob[]): Promise<DeliveryDecision[]>;
  /** Gives the message of a job past its retries a final status, as a dead-letter consumer. */
  deadLetter(job: DeliveryJob): Promise<void>;
  log: Logger;
  /** The first backoff step after a delivery that threw, in seconds. Default 2. */
  retryBaseSeconds?: number;
  now?: () => number;
}

export interface Consumer {
  /** Tells the consumer that new jobs are due, so it claims them without waiting for a poll. */
  wake(): void;
  /** Stops claiming, waits for the batches in flight and writes their settlements. */
  stop(): Promise<void>;
}

/** Batches delivered at once, so that one batch's writes overlap the next one's claim and sends. */
const BATCHES_IN_FLIGHT = 2;

/**
 * Runs the delivery loop of the Node server: claims due jobs in batches, delivers each batch
 * with `deliver` and settles its jobs in one write. A job is settled only after its batch
 * ended, so a process killed mid-delivery leaves a lease that runs out, and the job is
 * delivered again.
 *
 * The loop claims again at once only after a full claim, because more jobs may be due. After
 * a partial claim it waits until a batch ends, or, with none in flight, until `wake` or the
 * next poll. So a busy queue is claimed about once per batch, however often triggers wake it.
 */
export function startConsumer(options: ConsumerOptions): Consumer {
  const { queue, log, batchSize, leaseMs, pollMs } = options;
  const now = options.now ?? Date.now;
  const work = new WakeSignal();
  const batchEnded = new WakeSignal();
  const inFlight = new Map<string, ClaimedJob>();
  const settleBatch = batchSettler(options, now);
  let batches = 0;
  let running = true;

  /** Returns false for a job this process is still delivering, which the new claim takes over. */
  const adopt = (job: ClaimedJob) => {
    const current = inFlight.get(job.messageId);
    if (current !== undefined) {
      // The lease ran out while the job was still being delivered here, so the new claim
      // takes over that delivery instead of starting a second one.
      current.leaseToken = job.leaseToken;
      current.deliveries = job.deliveries;
      return false;
    }
    inFlight.set(job.messageId, job);
    return true;
  };

  const startBatch = (jobs: ClaimedJob[]) => {
    batches += 1;
    void settleBatch(jobs).finally(() => {
      for (const job of jobs) {
        inFlight.delete(job.messageId);
      }
      batches -= 1;
      batchEnded.notify();
    });
  };

  const claim = async (): Promise<ClaimedJob[]> => {
    try {
      return await queue.claim(batchSize, now(), leaseMs, crypto.randomUUID());
    } catch (error) {
      log.error("queue claim failed", { error: errorMessage(error) });
      return [];
    }
  };

  const loop = (async () => {
    while (running) {
      if (batches >= BATCHES_IN_FLIGHT) {
        await batchEnded.wait(pollMs);
        continue;
      }
      const claimed = await claim();
      const jobs = claimed.filter(adopt);
      if (jobs.length > 0) {
        startBatch(jobs);
      }
      if (claimed.length < batchSize) {
        await (batches > 0 ? batchEnded : work).wait(pollMs);
      }
    }
  })();

  const heartbeat = setInterval(() => {
    const jobs = [...inFlight.values()];
    queue.extendLeases(jobs, now() + leaseMs).catch((error: unknown) => {
      log.error("queue lease renewal failed", { jobs: jobs.length, error: errorMessage(error) });
    });
  }, Math.max(100, Math.floor(leaseMs / 3)));
  heartbeat.unref();

  return {
    wake: () => work.notify(),
    async stop() {
      running = false;
      work.notify();
      batchEnded.notify();
      await loop;
      while (batches > 0) {
        await batchEnded.wait(pollMs);
      }
      clearInterval(heartbeat);
    },
  };
}

/**
 * Returns the function that delivers one claimed batch and settles its jobs in one write: an
 * ack deletes a job, a retry makes it due after its delay, and a job past its retries goes to
 * the dead letters. When the whole batch throws, each job is retried after the backoff of its
 * delivery count.
 */
function batchSettler(options: ConsumerOptions, now: () => number) {
  const { queue, log, maxRetries } = options;

  const backoff = (job: ClaimedJob, error: string): Settlement => {
    const delaySeconds = retryDelaySeconds(job.deliveries, undefined, { baseSeconds: options.retryBaseSeconds ?? 2 });
    return { kind: "retry", job, delayMs: delaySeconds * 1000, error };
  };

  const bury = async (job: ClaimedJob, error: string): Promise<Settlement> => {
    try {
      await options.deadLetter({ messageId: job.messageId });
    } catch (cause) {
      log.error("dead letter failed", { messageId: job.messageId, deliveries: job.deliveries, error: errorMessage(cause) });
      return backoff(job, error);
    }
    log.warn("queue job dead", { messageId: job.messageId, deliveries: job.deliveries, error });
    return { kind: "dead", job, error };
  };

  const settlementOf = (job: ClaimedJob, decision: DeliveryDecision | undefined, error: string | null) => {
    if (error !== null) {
      return job.deliveries > maxRetries ? bury(job, error) : backoff(job, error);
    }
    if (decision === undefined || decision.action === "ack") {
      return { kind: "ack", job } as const;
    }
    if (job.deliveries > maxRetries) {
      return bury(job, "the retries ran out");
    }
    return { kind: "retry", job, delayMs: decision.delaySeconds * 1000 } as const;
  };

  return async (jobs: ClaimedJob[]) => {
    const worn = jobs.filter((job) => job.deliveries > maxRetries + 1);
    const due = jobs.filter((job) => job.deliveries <= maxRetries + 1);
    const settlements = await Promise.all(
      worn.map((job) => bury(job, `claimed ${job.deliveries - 1} times without a recorded outcome`)),
    );
    let decisions: DeliveryDecision[] = [];
    let error: string | null = null;
    try {
      decisions = due.length === 0 ? [] : await options.deliver(due.map((job) => ({ messageId: job.messageId })));
    } catch (cause) {
      error = errorMessage(cause);
      log.error("delivery batch failed", { jobs: due.length, messageId: due[0]?.messageId, error });
    }
    settlements.push(...(await Promise.all(due.map((job, index) => settlementOf(job, decisions[index], error)))));
    try {
      await queue.settle(settlements, now());
    } catch (cause) {
      // The leases run out and the jobs are delivered again; delivery skips final messages.
      log.error("queue settle failed", { jobs: settlements.length, error: errorMessage(cause) });
    }
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
