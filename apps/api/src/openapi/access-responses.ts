import { SCOPES } from "@herald/core";
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
