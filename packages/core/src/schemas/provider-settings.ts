import * as v from "valibot";
import { requiredText } from "./common.ts";

/** Providers per channel. The channels package maps each one to a sender. */
export const EMAIL_PROVIDERS = ["outbox", "smtp", "resend"] as const;
export const SMS_PROVIDERS = ["outbox", "twilio"] as const;
export const PUSH_PROVIDERS = ["outbox", "web-push", "fcm"] as const;

export type EmailProvider = (typeof EMAIL_PROVIDERS)[number];
export type SmsProvider = (typeof SMS_PROVIDERS)[number];
export type PushProvider = (typeof PUSH_PROVIDERS)[number];

const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/** The name of a Worker secret; surfaces store names only, never the credentials themselves. */
export const secretName = v.pipe(
  v.string("must be a string"),
  v.regex(SECRET_NAME, "must name a Worker secret in UPPER_SNAKE_CASE, e.g. SMTP_PASSWORD"),
);

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** An API origin: `https:`, or `http:` on a loopback host for local servers. */
export const baseUrl = v.pipe(
  v.string("must be a string"),
  v.url("must be a URL such as https://api.example.com"),
  v.check((value) => {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
  }, "must use https (http is allowed only for 127.0.0.1, [::1] and localhost)"),
  v.check((value) => new URL(value).search === "" && new URL(value).hash === "", "must have no query or fragment"),
);

export const timeoutMs = v.pipe(
  v.number("must be a number"),
  v.integer("must be an integer"),
  v.minValue(100, "must be at least 100"),
  v.maxValue(120_000, "must be at most 120000"),
);

export const resendSettingsSchema = v.strictObject({
  apiKeySecret: secretName,
  baseUrl: v.optional(baseUrl),
  timeoutMs: v.optional(timeoutMs),
});

const sid = (prefix: string, example: string) =>
  v.pipe(
    v.string("must be a string"),
    v.regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be ${prefix} followed by 32 hex digits, e.g. ${example}`),
  );

export const twilioSettingsSchema = v.strictObject({
  accountSid: sid("AC", "AC0123456789abcdef0123456789abcdef"),
  authTokenSecret: secretName,
  messagingServiceSid: v.optional(sid("MG", "MG0123456789abcdef0123456789abcdef")),
  statusCallbackUrl: v.optional(
    v.pipe(
      v.string("must be a string"),
      v.url("must be a URL"),
      v.regex(/^https?:/, "must be an http or https URL"),
    ),
  ),
  baseUrl: v.optional(baseUrl),
  timeoutMs: v.optional(timeoutMs),
});

const vapidPublicKey = v.pipe(
  v.string("must be a string"),
  v.regex(/^B[A-Za-z0-9_-]{86}$/, "must be the base64url uncompressed P-256 public key (87 characters starting with B)"),
);

export const webPushSettingsSchema = v.strictObject({
  subject: v.pipe(
    v.string("must be a string"),
    v.regex(/^(mailto:.+@.+|https:\/\/.+)$/, "must be a mailto: or https: contact, e.g. mailto:ops@example.com"),
  ),
  vapidPublicKey,
  vapidPrivateKeySecret: secretName,
  ttlSeconds: v.optional(
    v.pipe(v.number("must be a number"), v.integer("must be an integer"), v.minValue(0), v.maxValue(2_419_200, "must be at most 2419200 (28 days)")),
  ),
  urgency: v.optional(v.picklist(["very-low", "low", "normal", "high"], "must be very-low, low, normal or high")),
  allowInsecureEndpoints: v.optional(v.boolean("must be true or false")),
  timeoutMs: v.optional(timeoutMs),
});

export const fcmSettingsSchema = v.strictObject({
  projectId: v.optional(
    v.pipe(requiredText(64), v.regex(/^[a-z][a-z0-9-]{4,62}$/, "must be a Firebase project id such as my-app-1234")),
  ),
  serviceAccountSecret: secretName,
  baseUrl: v.optional(baseUrl),
  tokenUrl: v.optional(baseUrl),
  timeoutMs: v.optional(timeoutMs),
});

export type ResendSettings = v.InferOutput<typeof resendSettingsSchema>;
export type TwilioSettings = v.InferOutput<typeof twilioSettingsSchema>;
export type WebPushSettings = v.InferOutput<typeof webPushSettingsSchema>;
export type FcmSettings = v.InferOutput<typeof fcmSettingsSchema>;

/** The settings object each provider needs, by its key in the surface body. */
export const PROVIDER_SETTINGS_KEY: Record<string, string | undefined> = {
  smtp: "smtp",
  resend: "resend",
  twilio: "twilio",
  "web-push": "webPush",
  fcm: "fcm",
};
