import type { ResendSettings, ResolvedSender, Surface } from "@herald/core";
import { type ProviderRuntime, providerSettings, requireSecret } from "../provider-runtime.ts";
import { RESEND_IDEMPOTENCY_WINDOW_SECONDS, createResendSender } from "./resend-sender.ts";

export function resendProvider(surface: Surface, runtime: ProviderRuntime): ResolvedSender {
  const settings = providerSettings<ResendSettings>(surface, "resend");
  const sender = createResendSender(
    {
      apiKey: requireSecret(runtime, surface, settings.apiKeySecret),
      baseUrl: settings.baseUrl,
      timeoutMs: settings.timeoutMs,
    },
    runtime.http,
  );
  // Every request carries the message id as its Idempotency-Key.
  return { sender, idempotent: true, idempotencyWindowSeconds: RESEND_IDEMPOTENCY_WINDOW_SECONDS };
}
