import type { Channel, EmailProvider, PushProvider, ResolvedSender, SmsProvider, Surface } from "@herald/core";
import { smtpProvider } from "./email/smtp-provider.ts";
import { fcmProvider } from "./fcm/fcm-provider.ts";
import { outboxSender } from "./outbox.ts";
import { ProviderConfigError, type ProviderRuntime } from "./provider-runtime.ts";
import { resendProvider } from "./resend/resend-provider.ts";
import { twilioProvider } from "./twilio/twilio-provider.ts";
import { webPushProvider } from "./web-push/web-push-provider.ts";

export { ProviderConfigError, type ProviderRuntime } from "./provider-runtime.ts";

type ProviderFactory = (surface: Surface, runtime: ProviderRuntime) => ResolvedSender;

interface ProvidersByChannel {
  email: Record<EmailProvider, ProviderFactory>;
  sms: Record<SmsProvider, ProviderFactory>;
  push: Record<PushProvider, ProviderFactory>;
}

// The outbox is idempotent: a second send of one message id keeps the first entry.
const outbox: ProviderFactory = (_surface, runtime) => ({ sender: outboxSender(runtime.outbox), idempotent: true });

/** Every provider of every channel; a provider added to a channel's list must be added here. */
const PROVIDERS = {
  email: { outbox, smtp: smtpProvider, resend: resendProvider },
  sms: { outbox, twilio: twilioProvider },
  push: { outbox, "web-push": webPushProvider, fcm: fcmProvider },
} satisfies ProvidersByChannel & Record<Channel, unknown>;

/**
 * Picks the provider a surface names and builds its sender with the surface's settings and the
 * secrets it names.
 *
 * @throws ProviderConfigError when the provider is unknown for the channel or a secret is missing.
 */
export function resolveSender(surface: Surface, runtime: ProviderRuntime): ResolvedSender {
  const providers: Record<string, ProviderFactory | undefined> = PROVIDERS[surface.channel];
  const factory = Object.hasOwn(providers, surface.provider) ? providers[surface.provider] : undefined;
  if (factory === undefined) {
    throw new ProviderConfigError(`surface ${surface.id} names unknown ${surface.channel} provider ${surface.provider}`);
  }
  return factory(surface, runtime);
}
