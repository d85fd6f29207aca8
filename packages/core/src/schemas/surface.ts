import * as v from "valibot";
import { headerText, requiredText } from "./common.ts";
import {
  EMAIL_PROVIDERS,
  PUSH_PROVIDERS,
  SMS_PROVIDERS,
  fcmSettingsSchema,
  resendSettingsSchema,
  secretName,
  twilioSettingsSchema,
  webPushSettingsSchema,
} from "./provider-settings.ts";

const port = v.pipe(
  v.number("must be a number"),
  v.integer("must be an integer"),
  v.minValue(1, "must be between 1 and 65535"),
  v.maxValue(65535, "must be between 1 and 65535"),
);

/** A DNS name of letters, digits and hyphens, or an IPv4 or bracket-free IPv6 literal. */
const HOSTNAME =
  /^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?|(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)$/;

const host = v.pipe(
  requiredText(253),
  v.regex(HOSTNAME, "must be a host name or IP address without scheme, port or credentials, e.g. smtp.example.com"),
);

export const smtpSettingsSchema = v.strictObject({
  host,
  port,
  security: v.optional(v.picklist(["none", "starttls", "tls"], "must be none, starttls or tls"), "starttls"),
  username: v.optional(requiredText(256)),
  passwordSecret: v.optional(secretName),
  /** Sends AUTH over a connection without TLS; only for a relay on a trusted network. */
  allowInsecureAuth: v.optional(v.boolean("must be true or false")),
  timeoutMs: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(120_000, "must be at most 120000")),
  ),
});

const emailSurfaceSchema = v.strictObject({
  channel: v.literal("email"),
  name: requiredText(200),
  provider: v.picklist(EMAIL_PROVIDERS, "must be outbox, smtp or resend"),
  fromAddress: requiredText(320),
  fromName: v.optional(headerText(200)),
  replyToAddress: v.optional(requiredText(320)),
  replyToName: v.optional(headerText(200)),
  smtp: v.optional(smtpSettingsSchema),
  resend: v.optional(resendSettingsSchema),
});

/** The maximum number of segments of one SMS when a surface sets no `maxSegments`. */
export const DEFAULT_MAX_SMS_SEGMENTS = 10;

const smsSurfaceSchema = v.strictObject({
  channel: v.literal("sms"),
  name: requiredText(200),
  provider: v.picklist(SMS_PROVIDERS, "must be outbox or twilio"),
  sender: requiredText(20),
  defaultRegion: v.optional(
    v.pipe(v.string("must be a string"), v.regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 region such as US")),
  ),
  maxSegments: v.optional(
    v.pipe(
      v.number("must be a number"),
      v.integer("must be an integer"),
      v.minValue(1, "must be at least 1"),
      v.maxValue(20, "must be at most 20"),
    ),
  ),
  twilio: v.optional(twilioSettingsSchema),
});

export const PUSH_PLATFORMS = ["web", "android", "ios"] as const;

const pushSurfaceSchema = v.strictObject({
  channel: v.literal("push"),
  name: requiredText(200),
  provider: v.picklist(PUSH_PROVIDERS, "must be outbox, web-push or fcm"),
  appId: v.optional(
    v.pipe(
      requiredText(200),
      v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be an app id such as com.example.app"),
    ),
  ),
  platforms: v.optional(
    v.pipe(
      v.array(v.picklist(PUSH_PLATFORMS, "must be web, android or ios"), "must be an array of platforms"),
      v.minLength(1, "must name at least one platform"),
      v.check((items) => new Set(items).size === items.length, "must not repeat a platform"),
    ),
    ["web", "android", "ios"],
  ),
  webPush: v.optional(webPushSettingsSchema),
  fcm: v.optional(fcmSettingsSchema),
});

export const createSurfaceSchema = v.variant(
  "channel",
  [emailSurfaceSchema, smsSurfaceSchema, pushSurfaceSchema],
  "channel must be email, sms or push",
);

export type CreateSurfaceInput = v.InferOutput<typeof createSurfaceSchema>;
export type EmailSurfaceInput = v.InferOutput<typeof emailSurfaceSchema>;
export type SmsSurfaceInput = v.InferOutput<typeof smsSurfaceSchema>;
export type PushSurfaceInput = v.InferOutput<typeof pushSurfaceSchema>;
export type SmtpSettings = v.InferOutput<typeof smtpSettingsSchema>;
