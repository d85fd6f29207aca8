import { SCOPES, WEBHOOK_EVENT_TYPES } from "@herald/core";
import * as v from "valibot";

// Response bodies of the access routes (API keys, webhooks), for the OpenAPI document.

const instant = v.pipe(v.string(), v.metadata({ format: "date-time" }));

export const apiKeySchema = v.object({
  id: v.string(),
  name: v.string(),
  scopes: v.array(v.picklist(SCOPES)),
  rateLimit: v.nullable(v.object({ limit: v.number(), windowSeconds: v.number() })),
  createdAt: instant,
  revokedAt: v.nullable(instant),
});

export const apiKeyCreatedSchema = v.object({
  ...apiKeySchema.entries,
  key: v.pipe(v.string(), v.description("The API key token (hk_…). It is shown only once.")),
});

export const apiKeyListSchema = v.object({ items: v.array(apiKeySchema) });

export const webhookSchema = v.object({
  id: v.string(),
  url: v.string(),
  events: v.array(v.picklist(WEBHOOK_EVENT_TYPES)),
  createdAt: instant,
  disabledAt: v.nullable(instant),
});

export const webhookCreatedSchema = v.object({
  ...webhookSchema.entries,
  secret: v.pipe(v.string(), v.description("The whsec_ signing secret. It is shown only once.")),
});

export const webhookListSchema = v.object({ items: v.array(webhookSchema) });
