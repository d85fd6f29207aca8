import type { ResolvedSender, Surface, TwilioSettings } from "@herald/core";
import { type ProviderRuntime, providerSettings, requireSecret } from "../provider-runtime.ts";
import { createTwilioSender } from "./twilio-sender.ts";

export function twilioProvider(surface: Surface, runtime: ProviderRuntime): ResolvedSender {
  const settings = providerSettings<TwilioSettings>(surface, "twilio");
  const sender = createTwilioSender(
    {
      accountSid: settings.accountSid,
      authToken: requireSecret(runtime, surface, settings.authTokenSecret),
      messagingServiceSid: settings.messagingServiceSid,
      statusCallbackUrl: settings.statusCallbackUrl,
      baseUrl: settings.baseUrl,
      timeoutMs: settings.timeoutMs,
    },
    runtime.http,
  );
  // Twilio's Messages API takes no idempotency key, so a repeated request sends twice.
  return { sender, idempotent: false };
}
