export * from "./outbox.ts";
export * from "./registry.ts";
export * from "./socket.ts";
export { type Fetch, type HttpClient, type HttpRequest, type HttpResult, createHttpClient } from "./http/http-client.ts";
export { type ResendSenderConfig, createResendSender } from "./resend/resend-sender.ts";
export { type TwilioSenderConfig, createTwilioSender } from "./twilio/twilio-sender.ts";
export { type WebPushSenderConfig, createWebPushSender } from "./web-push/web-push-sender.ts";
export { type FcmSenderConfig, createFcmSender } from "./fcm/fcm-sender.ts";
export { parseServiceAccount } from "./fcm/service-account.ts";
