import { type DeliveryDecision, type DeliveryJob, type Logger, retryDelaySeconds } from "@herald/core";
import type { ClaimedJob, JobQueue, Settlement } from "@herald/db";
import { WakeSignal } from "./signal.ts";

export interface ConsumerSettings {
  /** Deliveries in flight at once. */
  concurrency: number;
  /** Most jobs taken by one claim. */
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
  deliver(job: DeliveryJob): Promise<DeliveryDecision>;
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
  /** Stops claiming, waits for the deliveries in flight and writes their settlements. */
  stop(): Promise<void>;
}

/**
 * Runs the delivery loop of the Node server: claims due jobs in batches, delivers each with
 * `deliver`, and writes the outcomes back in batches. A job is settled only after its
 * delivery ended, so a process killed mid-delivery leaves a lease that runs out, and the job
 * is delivered again.
 */
export function startConsumer(options: ConsumerOptions): Consumer {
  const { queue, log, concurrency, batchSize, leaseMs, maxRetries, pollMs } = options;
  const now = options.now ?? Date.now;
  const signal = new WakeSignal();
  const inFlight = new Map<string, ClaimedJob>();
  let pending: Settlement[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let flushScheduled = false;
  let running = true;

  const flush = () => {
    flushScheduled = false;
    const batch = pending;
    pending = [];
    flushing = flushing.then(() =>
      queue.settle(batch, now()).catch((error: unknown) => {
        // The leases run out and the jobs are delivered again; delivery skips final messages.
        log.error("queue settle failed", { jobs: batch.length, error: errorMessage(error) });
      }),
    );
  };

  const settle = (settlement: Settlement) => {
    pending.push(settlement);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };

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

  const deliverJob = async (job: ClaimedJob) => {
    if (job.deliveries > maxRetries + 1) {
      settle(await bury(job, `claimed ${job.deliveries - 1} times without a recorded outcome`));
      return;
    }
    try {
      const decision = await options.deliver({ messageId: job.messageId });
      if (decision.action === "ack") {
        settle({ kind: "ack", job });
      } else if (job.deliveries > maxRetries) {
        settle(await bury(job, "the retries ran out"));
      } else {
        settle({ kind: "retry", job, delayMs: decision.delaySeconds * 1000 });
      }
    } catch (error) {
      const message = errorMessage(error);
      log.error("delivery failed", { messageId: job.messageId, deliveries: job.deliveries, error: message });
      settle(job.deliveries > maxRetries ? await bury(job, message) : backoff(job, message));
    }
  };

  const start = (job: ClaimedJob) => {
    const running = inFlight.get(job.messageId);
    if (running !== undefined) {
      // The lease ran out while the job was still being delivered here, so the new claim
      // takes over that delivery instead of starting a second one.
      running.leaseToken = job.leaseToken;
      running.deliveries = job.deliveries;
      return;
    }
    inFlight.set(job.messageId, job);
    void deliverJob(job).finally(() => {
      inFlight.delete(job.messageId);
      signal.notify();
    });
  };

  const claimOnce = async (): Promise<number> => {
    const free = concurrency - inFlight.size;
    if (free <= 0) {
      return 0;
    }
    try {
      const jobs = await queue.claim(Math.min(free, batchSize), now(), leaseMs, crypto.randomUUID());
      jobs.forEach(start);
      return jobs.length;
    } catch (error) {
      log.error("queue claim failed", { error: errorMessage(error) });
      return 0;
    }
  };

  const loop = (async () => {
    while (running) {
      const claimed = await claimOnce();
      if (claimed === 0 || inFlight.size >= concurrency) {
        await signal.wait(pollMs);
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
    wake: () => signal.notify(),
    async stop() {
      running = false;
      signal.notify();
      await loop;
      while (inFlight.size > 0) {
        await signal.wait(pollMs);
      }
      clearInterval(heartbeat);
      flush();
      await flushing;
    },
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
