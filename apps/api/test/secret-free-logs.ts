import { env } from "cloudflare:test";
import { afterAll, expect } from "vitest";
import { captureConsole } from "./providers.ts";

// Every line any test file writes through console, the Worker's logs included, is kept and
// checked after the file: no secret bound into the Worker may appear in a log.
const logs = captureConsole();

/** Returns the secrets bound for the tests, and for the FCM key file its private key's base64 lines. */
function boundSecrets(): string[] {
  const secrets = [env.SMTP_TEST_PASSWORD, env.RESEND_TEST_KEY, env.TWILIO_TEST_TOKEN, env.VAPID_TEST_PRIVATE_KEY, env.HERALD_BOOTSTRAP_TOKEN];
  const serviceAccount = JSON.parse(String(env.FCM_TEST_SERVICE_ACCOUNT)) as { private_key: string };
  const keyLines = serviceAccount.private_key.split("\n").filter((line) => line.length > 40);
  return [...secrets.filter((secret): secret is string => typeof secret === "string"), ...keyLines];
}

afterAll(() => {
  logs.stop();
  const text = logs.lines.join("\n");
  for (const secret of boundSecrets()) {
    expect(text.includes(secret), `a log line contains the secret ${secret.slice(0, 4)}…`).toBe(false);
  }
});
