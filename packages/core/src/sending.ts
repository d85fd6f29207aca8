export type Channel = "email" | "sms" | "push";

export const CHANNELS: readonly Channel[] = ["email", "sms", "push"];

export interface EmailAddress {
  address: string;
  name?: string;
}

/** An email after rendering, ready for a provider. */
export interface RenderedEmail {
  channel: "email";
  from: EmailAddress;
  replyTo?: EmailAddress;
  to: EmailAddress;
  subject: string;
  preheader?: string;
  html?: string;
  text?: string;
}

/** An SMS after rendering, with the segment count carriers will bill. */
export interface RenderedSms {
  channel: "sms";
  from: string;
  to: string;
  body: string;
  encoding: "GSM-7" | "UCS-2";
  segments: number;
}

/** A Web Push subscription as browsers return it from `PushManager.subscribe()`. */
export interface WebPushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** A device token for a native push service (FCM or APNs). */
export interface PushToken {
  appId?: string;
  platform?: string;
  token: string;
}

export type PushTarget = { kind: "web"; subscription: WebPushSubscription } | ({ kind: "token" } & PushToken);

/** A push notification after rendering. */
export interface RenderedPush {
  channel: "push";
  to: PushTarget;
  title: string;
  body: string;
  imageUrl?: string;
  deepLink?: string;
  data?: Record<string, string>;
}

export type RenderedMessage = RenderedEmail | RenderedSms | RenderedPush;

/** One message handed to a sender: its stable id doubles as the provider idempotency key. */
export interface OutgoingMessage {
  messageId: string;
  rendered: RenderedMessage;
}

/**
 * What a provider call ended in. `retryable` means nothing was delivered and a later try is
 * safe; `unknown` means the request may have been delivered, so it must not be retried blindly.
 */
export type SendOutcome =
  | { kind: "sent"; providerMessageId: string }
  | { kind: "retryable"; reason: string; retryAfterSeconds?: number }
  | { kind: "permanent"; reason: string; gone?: boolean }
  | { kind: "unknown"; reason: string };

/** A channel provider: email over SMTP, SMS over Twilio, and so on. */
export interface Sender {
  send(message: OutgoingMessage): Promise<SendOutcome>;
}
