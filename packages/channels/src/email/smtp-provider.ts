import type { ResolvedSender, SmtpSettings, Surface } from "@herald/core";
import { type ProviderRuntime, providerSettings, requireSecret } from "../provider-runtime.ts";
import { createSmtpSender } from "./smtp-sender.ts";

export function smtpProvider(surface: Surface, runtime: ProviderRuntime): ResolvedSender {
  const settings = providerSettings<SmtpSettings>(surface, "smtp");
  const password = settings.passwordSecret === undefined ? undefined : requireSecret(runtime, surface, settings.passwordSecret);
  const sender = createSmtpSender(
    {
      host: settings.host,
      port: settings.port,
      security: settings.security,
      ...(settings.username !== undefined ? { username: settings.username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    },
    runtime.connector,
  );
  // The Message-ID is stable per message, but SMTP servers do not deduplicate on it, so a
  // resend after an unrecorded attempt could deliver twice.
  return { sender, idempotent: false };
}
