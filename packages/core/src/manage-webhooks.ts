import * as v from "valibot";
import type { Deps } from "./deps.ts";
import { HeraldError, notFound } from "./errors.ts";
import { newId } from "./ids.ts";
import { WEBHOOK_EVENT_TYPES, type Webhook } from "./model.ts";
import { webhookUrlProblem } from "./webhook-url.ts";
import { newWebhookSecret } from "./webhook-signature.ts";
import { parseInput } from "./validation.ts";

export const createWebhookSchema = v.strictObject({
  url: v.pipe(v.string("must be a string"), v.maxLength(2048, "must be at most 2048 characters")),
  events: v.optional(
    v.pipe(
      v.array(v.picklist(WEBHOOK_EVENT_TYPES, `must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}`)),
      v.minLength(1, "must contain at least 1 event type"),
    ),
  ),
});

/** Returns a webhook as the API lists it, without its secret. */
export function publicWebhook(webhook: Webhook) {
  const { secret: _secret, sandboxId: _sandboxId, ...shown } = webhook;
  return shown;
}

/** Creates a feedback webhook and returns its signing secret, which is never shown again. */
export async function createWebhook(deps: Deps, sandboxId: string, body: unknown, options: { allowLoopback: boolean }) {
  const input = parseInput(createWebhookSchema, body);
  const problem = webhookUrlProblem(input.url, options);
  if (problem !== null) {
    throw new HeraldError("VALIDATION_FAILED", `url: ${problem}`, { details: [{ path: "url", message: problem }] });
  }
  const webhook: Webhook = {
    id: newId("whk"),
    sandboxId,
    url: input.url,
    secret: newWebhookSecret(),
    events: input.events ?? [...WEBHOOK_EVENT_TYPES],
    createdAt: deps.now().toISOString(),
    disabledAt: null,
  };
  await deps.store.createWebhook(webhook);
  return { ...publicWebhook(webhook), secret: webhook.secret };
}

export async function listWebhooks(deps: Deps, sandboxId: string) {
  return (await deps.store.listWebhooks(sandboxId)).map(publicWebhook);
}

export async function getWebhook(deps: Deps, sandboxId: string, id: string) {
  const webhook = await deps.store.getWebhook(id);
  if (webhook === null || webhook.sandboxId !== sandboxId) {
    throw notFound("webhook", id);
  }
  return publicWebhook(webhook);
}

export async function deleteWebhook(deps: Deps, sandboxId: string, id: string) {
  if (!(await deps.store.deleteWebhook(sandboxId, id))) {
    throw notFound("webhook", id);
  }
}
