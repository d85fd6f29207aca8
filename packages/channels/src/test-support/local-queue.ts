import {
  type Channel,
  type DeliveryDeps,
  type DeliveryJob,
  type MessageQueue,
  deadLetterMessage,
  deliverMessage,
} from "@herald/core";

export interface LocalQueueOptions {
  /** Retries per message before it goes to the dead-letter handler, like a consumer's `max_retries`. */
  maxRetries: number;
  /** Deliveries running at once. */
  concurrency: number;
  /** Milliseconds waited per second of retry delay, so that tests finish in seconds. */
  msPerSecond: number;
}

export interface LocalQueueStats {
  deliveries: number;
  retries: number;
  deadLettered: number;
}

interface Entry {
  job: DeliveryJob;
  retries: number;
  dueAt: number;
}

/**
 * A queue for Node tests with the semantics the Worker relies on from Cloudflare Queues. Each
 * message is delivered until the consumer acks it, and a retry comes back after its delay. A
 * message past `maxRetries` retries goes to the dead-letter handler. Delays are scaled by
 * `msPerSecond`.
 */
export class LocalQueue implements MessageQueue {
  private readonly pending: Entry[] = [];
  private inFlight = 0;
  readonly stats: LocalQueueStats = { deliveries: 0, retries: 0, deadLettered: 0 };

  constructor(private readonly options: LocalQueueOptions) {}

  async enqueue(_channel: Channel, jobs: DeliveryJob[]): Promise<void> {
    for (const job of jobs) {
      this.pending.push({ job, retries: 0, dueAt: Date.now() });
    }
  }

  /** Delivers until no message is left, with `concurrency` consumers. */
  async drain(deps: DeliveryDeps): Promise<LocalQueueStats> {
    const consumers = Array.from({ length: this.options.concurrency }, () => this.consume(deps));
    await Promise.all(consumers);
    return this.stats;
  }

  private async consume(deps: DeliveryDeps): Promise<void> {
    for (;;) {
      const entry = this.takeDue();
      if (entry === "empty") {
        return;
      }
      if (typeof entry === "number") {
        await new Promise((resolve) => setTimeout(resolve, entry));
        continue;
      }
      await this.deliver(deps, entry);
    }
  }

  /** Returns a due entry, "empty" when the run is over, or the ms to wait before looking again. */
  private takeDue(): Entry | "empty" | number {
    if (this.pending.length === 0) {
      return this.inFlight === 0 ? "empty" : 5;
    }
    const now = Date.now();
    const index = this.pending.findIndex((entry) => entry.dueAt <= now);
    if (index === -1) {
      const next = Math.min(...this.pending.map((entry) => entry.dueAt));
      return Math.max(1, next - now);
    }
    const [entry] = this.pending.splice(index, 1);
    return entry ?? 1;
  }

  private async deliver(deps: DeliveryDeps, entry: Entry): Promise<void> {
    this.inFlight += 1;
    try {
      this.stats.deliveries += 1;
      let delaySeconds: number;
      try {
        const decision = await deliverMessage(deps, entry.job);
        if (decision.action === "ack") {
          return;
        }
        delaySeconds = decision.delaySeconds;
      } catch {
        delaySeconds = Math.min(2 ** entry.retries, 300);
      }
      if (entry.retries >= this.options.maxRetries) {
        this.stats.deadLettered += 1;
        await deadLetterMessage(deps, entry.job);
        return;
      }
      this.stats.retries += 1;
      this.pending.push({ ...entry, retries: entry.retries + 1, dueAt: Date.now() + delaySeconds * this.options.msPerSecond });
    } finally {
      this.inFlight -= 1;
    }
  }
}
