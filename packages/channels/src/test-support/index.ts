// Loopback peers in each provider's wire format, for tests in other packages.
export { type FcmPeer, type FcmReceivedMessage, startFcmPeer } from "../fcm/test-support/fcm-peer.ts";
export { type ResendPeer, type ResendReceivedEmail, startResendPeer } from "../resend/test-support/resend-peer.ts";
export { type TwilioPeer, type TwilioReceivedMessage, startTwilioPeer } from "../twilio/test-support/twilio-peer.ts";
export { type PushService, type ReceivedPush, startPushService } from "../web-push/test-support/push-service.ts";
export { generateVapidKeys } from "../web-push/test-support/vapid-keys.ts";
export type { PeerStep, Throttle } from "./http-peer.ts";
