import { type Channel, type DeliveryJob, deliverMessage } from "@herald/core";
import { resolveSender } from "@herald/channels";
import { workersSocketConnector } from "@herald/channels/workers";
import { createApp } from "./app.ts";
import { jsonLogger } from "./logger.ts";
import { maxBodyBytes, workerDeps } from "./worker-deps.ts";
import type { WorkerEnv } from "./worker-env.ts";

const app = createApp((c) => {
  const env = c.env as WorkerEnv;
  return {
    deps: workerDeps(env),
    publicUrl: env.HERALD_PUBLIC_URL ?? "",
    bootstrapToken: env.HERALD_BOOTSTRAP_TOKEN,
    maxBodyBytes: maxBodyBytes(env),
  };
});

function channelOf(queueName: string): Channel | null {
  const match = /-(email|sms|push)$/.exec(queueName);
  return match ? (match[1] as Channel) : null;
}

/**
 * Delivers a batch from one channel queue. Each message is acked or retried on its own, so
 * one failure never holds back or repeats the others.
 */
async function queue(batch: MessageBatch<DeliveryJob>, env: WorkerEnv): Promise<void> {
  const log = jsonLogger({ queue: batch.queue });
  if (channelOf(batch.queue) === null) {
    log.error("unknown queue", { messages: batch.messages.length });
    batch.retryAll();
    return;
  }
  const deps = workerDeps(env);
  const runtime = {
    outbox: deps.store,
    connector: workersSocketConnector,
    secret: (name: string) => {
      const value = env[name];
      return typeof value === "string" ? value : undefined;
    },
  };
  const delivery = { ...deps, senderFor: (surface: Parameters<typeof resolveSender>[0]) => resolveSender(surface, runtime) };
  for (const message of batch.messages) {
    try {
      const decision = await deliverMessage(delivery, message.body);
      if (decision.action === "retry") {
        message.retry({ delaySeconds: decision.delaySeconds });
      } else {
        message.ack();
      }
    } catch (error) {
      log.error("delivery failed", {
        messageId: message.body?.messageId,
        attempt: message.attempts,
        error: error instanceof Error ? error.message : String(error),
      });
      message.retry({ delaySeconds: Math.min(2 ** message.attempts, 300) });
    }
  }
}

export default {
  fetch: app.fetch,
  queue,
} satisfies ExportedHandler<WorkerEnv, DeliveryJob>;
