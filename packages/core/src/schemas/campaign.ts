import * as v from "valibot";
import { instant, namespaceCode, requiredText, stringRecord, text } from "./common.ts";

const TEMPLATE_MAX = 200_000;

export const emailContentSchema = v.strictObject({
  subject: v.optional(text(2_000)),
  preheader: v.optional(text(2_000)),
  html: v.optional(text(TEMPLATE_MAX)),
  text: v.optional(text(TEMPLATE_MAX)),
  fromName: v.optional(text(500)),
});

export const smsContentSchema = v.strictObject({
  body: v.optional(text(10_000)),
});

export const pushContentSchema = v.strictObject({
  title: v.optional(text(2_000)),
  body: v.optional(text(10_000)),
  imageUrl: v.optional(text(2_000)),
  deepLink: v.optional(text(2_000)),
  data: v.optional(stringRecord),
});

const sharedFields = {
  title: requiredText(200),
  description: v.optional(text(2_000)),
  surfaceId: requiredText(64),
  namespace: v.optional(namespaceCode),
  createProfiles: v.optional(v.boolean("must be true or false"), false),
  startAt: v.optional(v.nullable(instant)),
  endAt: v.optional(v.nullable(instant)),
  defaults: v.optional(stringRecord),
};

export const createCampaignSchema = v.variant(
  "channel",
  [
    v.strictObject({
      channel: v.literal("email"),
      ...sharedFields,
      content: v.optional(emailContentSchema, {}),
    }),
    v.strictObject({
      channel: v.literal("sms"),
      ...sharedFields,
      content: v.optional(smsContentSchema, {}),
    }),
    v.strictObject({
      channel: v.literal("push"),
      ...sharedFields,
      content: v.optional(pushContentSchema, {}),
    }),
  ],
  "channel must be email, sms or push",
);

export type CreateCampaignInput = v.InferOutput<typeof createCampaignSchema>;
export type EmailContent = v.InferOutput<typeof emailContentSchema>;
export type SmsContent = v.InferOutput<typeof smsContentSchema>;
export type PushContent = v.InferOutput<typeof pushContentSchema>;
export type CampaignContent = EmailContent | SmsContent | PushContent;
