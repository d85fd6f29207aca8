import { ERROR_CODES } from "@herald/core";
import * as v from "valibot";

// Response bodies as the API returns them, for the OpenAPI document. The routes build them
// from core's views; the route tests that run against the Node server check every response
// they receive against these schemas.

const channel = v.picklist(["email", "sms", "push"]);
const instant = v.pipe(v.string(), v.metadata({ format: "date-time" }));
const nullableInstant = v.nullable(instant);
const messageStatus = v.picklist(["queued", "sending", "retrying", "sent", "delivered", "failed", "skipped", "unknown"]);
const campaignStatus = v.picklist(["draft", "scheduled", "live", "completed", "stopped", "archived"]);
const jsonObject = v.record(v.string(), v.unknown());

export const errorEnvelopeSchema = v.pipe(
  v.object({
    error: v.object({
      code: v.picklist(ERROR_CODES),
      message: v.pipe(v.string(), v.description("What failed, on which value, and how to fix it.")),
      requestId: v.pipe(v.string(), v.description("Also sent in the herald-request-id header.")),
      details: v.optional(
        v.array(
          v.object({
            path: v.pipe(v.string(), v.description("The field, spelled as in the request: recipients[0].userId.")),
            message: v.string(),
            code: v.optional(v.string()),
            index: v.optional(v.pipe(v.number(), v.integer())),
          }),
        ),
      ),
    }),
  }),
  v.title("ErrorEnvelope"),
);

export const healthSchema = v.object({ status: v.literal("ok") });

export const sandboxCreatedSchema = v.object({
  sandbox: v.object({ id: v.string(), name: v.string(), createdAt: instant }),
  apiKey: v.pipe(v.string(), v.description("The sandbox's first API key, with every scope. It is shown only once.")),
  apiKeyId: v.string(),
});

export const surfaceSchema = v.object({
  id: v.string(),
  sandboxId: v.string(),
  channel,
  name: v.string(),
  provider: v.string(),
  settings: v.pipe(jsonObject, v.description("The channel's sender settings, as created.")),
  createdAt: instant,
  updatedAt: instant,
});

export const surfaceListSchema = v.object({ items: v.array(surfaceSchema) });

const campaignVersionSchema = v.object({
  id: v.string(),
  number: v.pipe(v.number(), v.integer()),
  title: v.string(),
  description: v.nullable(v.string()),
  surfaceId: v.string(),
  namespace: v.string(),
  createProfiles: v.boolean(),
  startAt: nullableInstant,
  endAt: nullableInstant,
  content: jsonObject,
  defaults: v.record(v.string(), v.string()),
  variables: v.pipe(v.array(v.string()), v.description("Every profile.… and context.… variable the content uses.")),
  createdAt: instant,
});

export const campaignSchema = v.object({
  id: v.string(),
  type: v.literal("api-triggered"),
  channel,
  status: campaignStatus,
  createdAt: instant,
  updatedAt: instant,
  activatedAt: nullableInstant,
  live: v.nullable(campaignVersionSchema),
  draft: v.nullable(campaignVersionSchema),
});

export const campaignListSchema = v.object({ items: v.array(campaignSchema) });

export const reviewSchema = v.object({
  ready: v.boolean(),
  problems: v.array(v.object({ path: v.string(), code: v.string(), message: v.string() })),
});

export const sampleRequestSchema = v.object({
  curl: v.string(),
  body: v.pipe(jsonObject, v.description("A trigger body naming every variable the content uses.")),
});

export const triggerResponseSchema = v.object({
  executionId: v.string(),
  requestId: v.string(),
  createdAt: instant,
  recipients: v.array(v.object({ userId: v.string(), messageId: v.string(), status: messageStatus })),
});

export const messageSchema = v.object({
  messageId: v.string(),
  executionId: v.string(),
  campaignId: v.string(),
  campaignVersionId: v.string(),
  channel,
  userId: v.string(),
  namespace: v.nullable(v.string()),
  profileId: v.nullable(v.string()),
  status: messageStatus,
  reason: v.nullable(v.string()),
  attempts: v.pipe(v.number(), v.integer()),
  providerMessageId: v.nullable(v.string()),
  segments: v.nullable(v.pipe(v.number(), v.integer())),
  createdAt: instant,
  updatedAt: instant,
  sentAt: nullableInstant,
});

export const messageWithRenderedSchema = v.object({
  ...messageSchema.entries,
  rendered: v.pipe(
    v.nullable(jsonObject),
    v.description("What the outbox provider stored for this message; null for other providers."),
  ),
});

export const executionSchema = v.object({
  executionId: v.string(),
  requestId: v.string(),
  campaignId: v.string(),
  campaignVersionId: v.string(),
  createdAt: instant,
  recipients: v.array(messageSchema),
});

export const openApiDocumentSchema = v.pipe(jsonObject, v.description("An OpenAPI 3.1 document."));
