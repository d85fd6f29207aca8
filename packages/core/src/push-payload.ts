import type { RenderedPush } from "./sending.ts";

/**
 * Maximum payload size in bytes: Firebase's "About FCM messages" page gives 4096 for FCM, and
 * APNs uses the same size for regular remote notifications.
 */
export const PUSH_PAYLOAD_LIMIT_BYTES = 4096;

/** The rendered parts of a push notification that go into its payload. */
export type PushPayloadInput = Pick<
  RenderedPush,
  "title" | "body" | "imageUrl" | "deepLink" | "data"
>;

/**
 * The JSON object sent as a push notification's payload. Optional fields are left out when
 * unset, so they cost no bytes.
 */
export interface PushPayload {
  notification: { title: string; body: string; image?: string };
  /** The deep link or URL opened when the user taps the notification. */
  link?: string;
  /** Custom key-value pairs for the app. */
  data?: Record<string, string>;
}

/** The size of a push payload against its limit. */
export interface PushPayloadCheck {
  bytes: number;
  limit: number;
  ok: boolean;
}

const encoder = new TextEncoder();

/**
 * Builds the payload object sent for a rendered push notification, with fields in a fixed order
 * so the same content always serializes to the same bytes.
 */
export function buildPushPayload(rendered: PushPayloadInput): PushPayload {
  const notification: PushPayload["notification"] = { title: rendered.title, body: rendered.body };
  if (rendered.imageUrl !== undefined) {
    notification.image = rendered.imageUrl;
  }
  const payload: PushPayload = { notification };
  if (rendered.deepLink !== undefined) {
    payload.link = rendered.deepLink;
  }
  if (rendered.data !== undefined && Object.keys(rendered.data).length > 0) {
    payload.data = { ...rendered.data };
  }
  return payload;
}

/**
 * Measures a payload as sent: the UTF-8 byte length of its JSON serialization, so multi-byte
 * characters and JSON escapes such as `\"` count at their real size.
 */
export function pushPayloadBytes(payload: object): number {
  return encoder.encode(JSON.stringify(payload)).length;
}

/**
 * Checks the payload built from a rendered push notification against a byte limit.
 *
 * NOTE: providers wrap this object in their own envelope (APNs's `aps` dictionary, FCM's
 * `message`), and Web Push encryption adds a header and an authentication tag, so the size on the
 * wire is somewhat larger. Pass a lower `limit` to keep a margin.
 */
export function checkPushPayload(
  rendered: PushPayloadInput,
  limit: number = PUSH_PAYLOAD_LIMIT_BYTES,
): PushPayloadCheck {
  const bytes = pushPayloadBytes(buildPushPayload(rendered));
  return { bytes, limit, ok: bytes <= limit };
}
