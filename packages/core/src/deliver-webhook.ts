import type { Deps } from "./deps.ts";
import type { DeliveryDecision } from "./record-outcome.ts";
import type { WebhookJob } from "./ports.ts";
import { retryDelaySeconds } from "./retry-policy.ts";
import { webhookUrlProblem } from "./webhook-url.ts";
import { signWebhook } from "./webhook-signature.ts";

export interface WebhookDeliveryDeps extends Deps {
  fetch: typeof fetch;
  /** Allows `http` and loopback URLs, for local development and tests only. */
  allowLoopbackWebhooks: boolean;
}

const TIMEOUT_MS = 10_000;

/**
 * POSTs one event to its webhook, signed as Standard Webhooks describes (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`). A 2xx response is done, and 410 disables the
 * webhook. Any other response, a timeout or a network error is retried with backoff,
 * honouring `Retry-After`, until the queue gives up.
 */
export async function deliverWebhook(deps: WebhookDeliveryDeps, job: WebhookJob, attempt: number): Promise<DeliveryDecision> {
  const webhook = await deps.store.getWebhook(job.webhookId);
  if (webhook === null || webhook.disabledAt !== null) {
    return { action: "ack" };
  }
  const problem = webhookUrlProblem(webhook.url, { allowLoopback: deps.allowLoopbackWebhooks });
  if (problem !== null) {
    deps.log.warn("webhook url rejected", { webhookId: webhook.id, eventId: job.eventId, reason: problem });
    return { action: "ack" };
  }
  const body = JSON.stringify({ type: job.type, timestamp: job.occurredAt, data: job.data });
  const timestamp = Math.floor(deps.now().getTime() / 1000);
  const fields = { webhookId: webhook.id, eventId: job.eventId, type: job.type, attempt };
  let status: number;
  let retryAfter: number | undefined;
  try {
    const response = await deps.fetch(webhook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": job.eventId,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": await signWebhook(webhook.secret, job.eventId, timestamp, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    status = response.status;
    const header = Number(response.headers.get("retry-after"));
    retryAfter = Number.isFinite(header) && header > 0 ? header : undefined;
  } catch (error) {
    const delaySeconds = retryDelaySeconds(attempt, undefined, { baseSeconds: deps.limits.retryBaseSeconds });
    deps.log.warn("webhook delivery failed", { ...fields, delaySeconds, error: error instanceof Error ? error.message : String(error) });
    return { action: "retry", delaySeconds };
  }
  if (status >= 200 && status < 300) {
    deps.log.info("webhook delivered", { ...fields, status });
    return { action: "ack" };
  }
  if (status === 410) {
    await deps.store.disableWebhook(webhook.id, deps.now().toISOString());
    deps.log.warn("webhook disabled", { ...fields, status });
    return { action: "ack" };
  }
  const delaySeconds = retryDelaySeconds(attempt, retryAfter, { baseSeconds: deps.limits.retryBaseSeconds });
  deps.log.warn("webhook delivery failed", { ...fields, status, delaySeconds });
  return { action: "retry", delaySeconds };
}
