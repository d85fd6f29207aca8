import type { ResolvedSender, Surface, WebPushSettings } from "@herald/core";
import { type ProviderRuntime, providerSettings, requireSecret } from "../provider-runtime.ts";
import { createWebPushSender } from "./web-push-sender.ts";

export function webPushProvider(surface: Surface, runtime: ProviderRuntime): ResolvedSender {
  const settings = providerSettings<WebPushSettings>(surface, "webPush");
  const sender = createWebPushSender(
    {
      vapid: {
        publicKey: settings.vapidPublicKey,
        privateKey: requireSecret(runtime, surface, settings.vapidPrivateKeySecret),
      },
      subject: settings.subject,
      ttlSeconds: settings.ttlSeconds,
      urgency: settings.urgency,
      allowInsecureEndpoints: settings.allowInsecureEndpoints,
      timeoutMs: settings.timeoutMs,
    },
    runtime.http,
  );
  // RFC 8030 has no idempotency key; a repeated push can show the notification twice.
  return { sender, idempotent: false };
}
