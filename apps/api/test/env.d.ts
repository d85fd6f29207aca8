import type { D1Migration } from "cloudflare:test";
import type { WorkerEnv } from "../src/worker-env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      SMTP_PORT: string;
      PEER_URL: string;
    }
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    smtpPort: number;
    peerUrl: string;
  }
}
