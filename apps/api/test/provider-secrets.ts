/**
 * Credentials the local provider peers accept, bound into the Worker as the secrets the test
 * surfaces name. The VAPID key pair and the FCM service account are made by the peers at start.
 */
export const RESEND_TEST_KEY = "re_test_e2e_6c1f0a";
export const TWILIO_TEST_ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
export const TWILIO_TEST_TOKEN = "twilio-e2e-token-3b7d";
