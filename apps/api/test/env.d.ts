import type { D1Migration } from "cloudflare:test";
import type { WorkerEnv } from "../src/worker-env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      SMTP_PORT: string;
      PEER_URL: string;
      RESEND_URL: string;
      TWILIO_URL: string;
      PUSH_SERVICE_URL: string;
      FCM_URL: string;
      VAPID_PUBLIC_KEY: string;
    }
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    smtpPort: number;
    peerUrl: string;
    resendUrl: string;
    twilioUrl: string;
    pushServiceUrl: string;
    fcmUrl: string;
    vapidPublicKey: string;
    vapidPrivateKey: string;
    fcmServiceAccount: string;
  }
}
