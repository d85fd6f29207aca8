import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { type DeliveryDeps, type DeliveryJob, triggerExecution } from "@herald/core";
import { activate, createOk, newSandbox, triggerBody } from "./helpers.ts";
import worker from "../src/worker.ts";
import { deliveryDeps, workerDeps } from "../src/worker-deps.ts";

export interface ReceivedMail {
  envelopeTo: string[];
  subject: string | null;
  text: string | null;
  messageId: string | null;
}

/** Returns the mail the SMTP peer received for `address`. */
export async function receivedBy(address: string): Promise<ReceivedMail[]> {
  const response = await fetch(`${env.PEER_URL}/?to=${encodeURIComponent(address)}`);
  return response.json();
}

/** Creates a sandbox with a live email campaign sending through the SMTP peer (or `port`). */
export async function liveSmtpCampaign(options: { port?: number; timeoutMs?: number } = {}) {
  const key = await newSandbox();
  const surface = await createOk(key, "/v1/surfaces", {
    channel: "email",
    name: "SMTP",
    provider: "smtp",
    fromAddress: "sender@example.com",
    smtp: {
      host: "127.0.0.1",
      port: options.port ?? Number(env.SMTP_PORT),
      security: "none",
      allowInsecureAuth: true,
      username: "herald",
      passwordSecret: "SMTP_TEST_PASSWORD",
      timeoutMs: options.timeoutMs ?? 5000,
    },
  });
  const campaign = await createOk(key, "/v1/campaigns", {
    channel: "email",
    title: "Receipt",
    surfaceId: surface.id,
    createProfiles: true,
    content: { subject: "Receipt {{context.orderId}}", text: "Order {{context.orderId}}" },
  });
  await activate(key, campaign.id);
  return { key, campaignId: campaign.id as string };
}

/**
 * Accepts a trigger call through the core verb with a queue that only collects the jobs, so
 * a test can hand them to the consumer itself, in batches and orders it chooses.
 */
export async function stageExecution(campaignId: string, users: string[], recipients: unknown[] = smtpRecipients(users)) {
  const row = await env.DB.prepare("SELECT sandbox_id FROM campaigns WHERE id = ?")
    .bind(campaignId)
    .first<{ sandbox_id: string }>();
  const jobs: DeliveryJob[] = [];
  const deps = { ...workerDeps(env), queue: { enqueue: async (_channel: string, batch: DeliveryJob[]) => void jobs.push(...batch) } };
  const { response } = await triggerExecution(deps, row?.sandbox_id ?? "", triggerBody(campaignId, recipients));
  return { jobs, response };
}

/** Recipients for `liveSmtpCampaign`, whose content needs `context.orderId`. */
export function smtpRecipients(users: string[]) {
  return users.map((userId) => ({ type: "external", userId, context: { orderId: userId } }));
}

export function batchOf(jobs: DeliveryJob[], attempts = 1, queue = "herald-email") {
  return createMessageBatch<DeliveryJob>(
    queue,
    jobs.map((body, index) => ({ id: `${body.messageId}-${attempts}-${index}`, timestamp: new Date(), attempts, body })),
  );
}

/** Runs the Worker's queue handler on `batch` and returns which messages it acked or retried. */
export async function runBatch(batch: MessageBatch<DeliveryJob>, handlerBatch: MessageBatch<DeliveryJob> = batch) {
  const ctx = createExecutionContext();
  let thrown: unknown = null;
  try {
    await worker.queue(handlerBatch, env);
  } catch (error) {
    thrown = error;
  }
  const result = await getQueueResult(batch, ctx);
  return { thrown, acked: result.explicitAcks, retried: result.retryMessages.map((item: { msgId: string }) => item.msgId) };
}

/** Delivery deps over the test's D1, with the real providers. */
export function testDeliveryDeps(): Promise<DeliveryDeps> {
  return deliveryDeps(env);
}

export async function messageRow(id: string) {
  return env.DB.prepare("SELECT status, reason, attempts, updated_at FROM messages WHERE id = ?")
    .bind(id)
    .first<{ status: string; reason: string | null; attempts: number; updated_at: string }>();
}
