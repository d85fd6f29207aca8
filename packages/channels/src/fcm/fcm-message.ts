import { PUSH_PAYLOAD_LIMIT_BYTES, type RenderedPush, pushPayloadBytes } from "@herald/core";

/** The `message` of FCM v1's `messages:send`, with the parts Herald fills. */
export interface FcmMessage {
  token: string;
  notification: { title: string; body: string; image?: string };
  data?: Record<string, string>;
}

/**
 * Builds the FCM message for a rendered push. FCM has no field for a link that works on every
 * platform, so a deep link travels in `data.link`, unless the content already sets that key.
 */
export function buildFcmMessage(rendered: RenderedPush, token: string): FcmMessage {
  const notification: FcmMessage["notification"] = { title: rendered.title, body: rendered.body };
  if (rendered.imageUrl !== undefined) {
    notification.image = rendered.imageUrl;
  }
  const message: FcmMessage = { token, notification };
  const data = { ...rendered.data };
  if (rendered.deepLink !== undefined && data.link === undefined) {
    data.link = rendered.deepLink;
  }
  if (Object.keys(data).length > 0) {
    message.data = data;
  }
  return message;
}

/**
 * Measures what FCM counts against its 4,096-byte limit: the UTF-8 JSON of the message without
 * its target token, since the token addresses the message and is not part of its payload.
 */
export function fcmPayloadBytes(message: FcmMessage): number {
  const { token: _token, ...payload } = message;
  return pushPayloadBytes(payload);
}

export const FCM_PAYLOAD_LIMIT_BYTES = PUSH_PAYLOAD_LIMIT_BYTES;
