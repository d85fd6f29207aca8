import * as v from "valibot";
import { jsonObject, requiredText } from "./common.ts";

export const MAX_RECIPIENTS_PER_CALL = 20;

const pushInfoSchema = v.looseObject({
  appID: v.optional(requiredText(200)),
  platform: v.optional(requiredText(50)),
  token: requiredText(4_096),
});

const webPushSubscriptionSchema = v.looseObject({
  endpoint: v.pipe(requiredText(2_048), v.url("must be a URL")),
  keys: v.looseObject({
    p256dh: requiredText(200),
    auth: requiredText(200),
  }),
});

const channelDataSchema = v.looseObject({
  emailAddress: v.optional(requiredText(320)),
  mobilePhoneNumber: v.optional(requiredText(64)),
  pushInfo: v.optional(pushInfoSchema),
  pushSubscription: v.optional(webPushSubscriptionSchema),
});

export const recipientSchema = v.looseObject({
  type: v.picklist(["aep", "external"], "must be aep or external"),
  userId: requiredText(320),
  namespace: v.optional(requiredText(64)),
  channelData: v.optional(channelDataSchema),
  profile: v.optional(jsonObject),
  context: v.optional(jsonObject),
  mergePolicyName: v.optional(v.unknown()),
  mergePolicySchema: v.optional(v.unknown()),
});

/** Builds the trigger body schema; `maxRecipients` is configurable per deployment. */
export function triggerRequestSchema(maxRecipients = MAX_RECIPIENTS_PER_CALL) {
  return v.looseObject({
    requestId: requiredText(256),
    campaignId: requiredText(64),
    recipients: v.pipe(
      v.array(recipientSchema, "must be an array of recipients"),
      v.minLength(1, "must contain at least 1 recipient"),
      v.maxLength(maxRecipients, `must contain at most ${maxRecipients} recipients`),
    ),
  });
}

export type TriggerRequest = v.InferOutput<ReturnType<typeof triggerRequestSchema>>;
export type TriggerRecipient = v.InferOutput<typeof recipientSchema>;
