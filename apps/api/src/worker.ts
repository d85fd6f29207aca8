import { type WebhookJob, sweepUnqueuedMessages } from "@herald/core";
import { createApp } from "./app.ts";
import { durableRateLimiter } from "./rate-limiter-object.ts";
import { jsonLogger } from "./logger.ts";
import { consumeDeadLetters, consumeDeliveries } from "./queue/delivery-consumer.ts";
import { type PackedJobs, unpackBatch } from "./queue/packed-jobs.ts";
import { consumeDeadWebhooks, consumeWebhooks } from "./queue/webhook-consumer.ts";
import { allowLoopbackWebhooks, defaultRateLimit, deliveryDeps, maxBodyBytes, requeueAfterSeconds, workerDeps } from "./worker-deps.ts";
import type { WorkerEnv } from "./worker-env.ts";

const app = createApp((c) => {
  const env = c.env as WorkerEnv;
  return {
    deps: workerDeps(env),
    publicUrl: env.HERALD_PUBLIC_URL ?? "",
    bootstrapToken: env.HERALD_BOOTSTRAP_TOKEN,
    maxBodyBytes: maxBodyBytes(env),
    rateLimiter: durableRateLimiter(env.RATE_LIMITER),
    defaultRateLimit: defaultRateLimit(env),
    allowLoopbackWebhooks: allowLoopbackWebhooks(env),
  };
});

/** Channel queues are named `<prefix>-<channel>`, their dead-letter queues `<prefix>-<channel>-dlq`. */
const DELIVERY_QUEUE = /-(email|sms|push)$/;
const DEAD_LETTER_QUEUE = /-(email|sms|push)-dlq$/;
const WEBHOOK_QUEUE = /-webhooks$/;
const WEBHOOK_DEAD_LETTER_QUEUE = /-webhooks-dlq$/;

async function queue(batch: MessageBatch<PackedJobs>, env: WorkerEnv): Promise<void> {
  const log = jsonLogger({ queue: batch.queue });
  if (WEBHOOK_QUEUE.test(batch.queue)) {
    const deps = { ...workerDeps(env), fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) };
    await consumeWebhooks(batch as unknown as MessageBatch<WebhookJob>, { ...deps, allowLoopbackWebhooks: allowLoopbackWebhooks(env) }, log);
  } else if (WEBHOOK_DEAD_LETTER_QUEUE.test(batch.queue)) {
    consumeDeadWebhooks(batch as unknown as MessageBatch<WebhookJob>, log);
  } else if (DELIVERY_QUEUE.test(batch.queue)) {
    const { jobs, settle } = unpackBatch(batch);
    try {
      await consumeDeliveries(jobs, await deliveryDeps(env), log);
    } finally {
      settle();
    }
  } else if (DEAD_LETTER_QUEUE.test(batch.queue)) {
    const { jobs, settle } = unpackBatch(batch);
    try {
      await consumeDeadLetters(jobs, await deliveryDeps(env), log);
    } finally {
      settle();
    }
  } else {
    log.error("unknown queue", { messages: batch.messages.length });
    batch.retryAll();
  }
}

/** Runs on the cron in `wrangler.toml`: enqueues the messages a failed or interrupted send left behind. */
async function scheduled(_controller: ScheduledController, env: WorkerEnv): Promise<void> {
  await sweepUnqueuedMessages(workerDeps(env), { staleAfterSeconds: requeueAfterSeconds(env) });
}

export { ApiKeyRateLimiter } from "./rate-limiter-object.ts";

export default {
  fetch: app.fetch,
  queue,
  scheduled,
} satisfies ExportedHandler<WorkerEnv, PackedJobs>;
