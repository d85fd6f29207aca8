import { generateVapidKeys, startFcmPeer, startPushService, startResendPeer, startTwilioPeer } from "@herald/channels/test-support";
import type { TestProject } from "vitest/node";
import { RESEND_TEST_KEY, TWILIO_TEST_ACCOUNT_SID, TWILIO_TEST_TOKEN } from "./provider-secrets.ts";

/**
 * Starts a loopback peer per HTTP provider (Resend, Twilio, a Web Push service, Google's token
 * endpoint with FCM) and passes their URLs and generated keys to the tests. Returns a function
 * that stops them.
 */
export async function startProviderPeers(project: TestProject): Promise<() => Promise<void>> {
  const resend = await startResendPeer(RESEND_TEST_KEY);
  const twilio = await startTwilioPeer(TWILIO_TEST_ACCOUNT_SID, TWILIO_TEST_TOKEN);
  const push = await startPushService();
  const fcm = await startFcmPeer();
  const vapid = generateVapidKeys();
  project.provide("resendUrl", resend.url);
  project.provide("twilioUrl", twilio.url);
  project.provide("pushServiceUrl", push.url);
  project.provide("fcmUrl", fcm.url);
  project.provide("vapidPublicKey", vapid.publicKey);
  project.provide("vapidPrivateKey", vapid.privateKey);
  project.provide("fcmServiceAccount", fcm.serviceAccountJson);
  return async () => {
    await Promise.all([resend.close(), twilio.close(), push.close(), fcm.close()]);
  };
}
