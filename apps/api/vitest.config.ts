import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { buildConsole } from "../console/build.mjs";
import { reportOptions } from "../../vitest.reports.ts";
import { RESEND_TEST_KEY, TWILIO_TEST_TOKEN } from "./test/provider-secrets.ts";

// wrangler.toml serves the console's build as static assets, and the Workers pool reads that
// folder but does not run wrangler's build command.
await buildConsole();

const migrationsDir = fileURLToPath(new URL("../../packages/db/migrations", import.meta.url));

function consumer(channel: string) {
  return {
    maxBatchSize: 100,
    maxBatchTimeout: 0,
    maxRetries: 10,
    deadLetterQueue: `herald-${channel}-dlq`,
  };
}

const deadLetterConsumer = { maxBatchSize: 100, maxBatchTimeout: 0, maxRetries: 10 };

export default defineConfig({
  plugins: [
    cloudflareTest(async ({ inject }) => ({
      main: "./src/worker.ts",
      wrangler: { configPath: "../../wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(migrationsDir),
          HERALD_BOOTSTRAP_TOKEN: "test-bootstrap-token",
          SMTP_TEST_PASSWORD: "smtp-secret",
          PROVIDER_SECRETS:
            "*:SMTP_TEST_PASSWORD, *:SMTP_MISSING_PASSWORD, *:RESEND_TEST_KEY, *:TWILIO_TEST_TOKEN, *:VAPID_TEST_PRIVATE_KEY, *:FCM_TEST_SERVICE_ACCOUNT",
          SMTP_PORT: String(inject("smtpPort")),
          PEER_URL: String(inject("peerUrl")),
          RESEND_URL: inject("resendUrl"),
          TWILIO_URL: inject("twilioUrl"),
          PUSH_SERVICE_URL: inject("pushServiceUrl"),
          FCM_URL: inject("fcmUrl"),
          VAPID_PUBLIC_KEY: inject("vapidPublicKey"),
          // Secrets the provider surfaces of the tests name.
          RESEND_TEST_KEY,
          TWILIO_TEST_TOKEN,
          VAPID_TEST_PRIVATE_KEY: inject("vapidPrivateKey"),
          FCM_TEST_SERVICE_ACCOUNT: inject("fcmServiceAccount"),
          // Retries run at once in tests; the backoff itself is unit-tested in core.
          RETRY_BASE_SECONDS: "0",
          HERALD_ALLOW_LOOPBACK_WEBHOOKS: "true",
        },
        queueConsumers: {
          "herald-email": consumer("email"),
          "herald-sms": consumer("sms"),
          "herald-push": consumer("push"),
          "herald-email-dlq": deadLetterConsumer,
          "herald-sms-dlq": deadLetterConsumer,
          "herald-push-dlq": deadLetterConsumer,
          "herald-webhooks": { ...deadLetterConsumer, maxRetries: 4, deadLetterQueue: "herald-webhooks-dlq" },
          "herald-webhooks-dlq": deadLetterConsumer,
        },
      },
    })),
  ],
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    setupFiles: ["./test/apply-migrations.ts", "./test/workers-runtime.ts", "./test/secret-free-logs.ts"],
    globalSetup: ["./test/peers.global.ts"],
    testTimeout: 20_000,
    ...reportOptions("api-workers"),
  },
});
