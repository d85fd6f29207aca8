import type { FcmSettings, ResolvedSender, Surface } from "@herald/core";
import { ProviderConfigError, type ProviderRuntime, providerSettings, requireSecret } from "../provider-runtime.ts";
import { createFcmSender } from "./fcm-sender.ts";
import { InvalidServiceAccountError, type ServiceAccount, parseServiceAccount } from "./service-account.ts";

export function fcmProvider(surface: Surface, runtime: ProviderRuntime): ResolvedSender {
  const settings = providerSettings<FcmSettings>(surface, "fcm");
  const json = requireSecret(runtime, surface, settings.serviceAccountSecret);
  let serviceAccount: ServiceAccount;
  try {
    serviceAccount = parseServiceAccount(json);
  } catch (error) {
    if (error instanceof InvalidServiceAccountError) {
      throw new ProviderConfigError(`secret ${settings.serviceAccountSecret}: ${error.message}`);
    }
    throw error;
  }
  const sender = createFcmSender(
    {
      serviceAccount,
      projectId: settings.projectId,
      baseUrl: settings.baseUrl,
      tokenUrl: settings.tokenUrl,
      timeoutMs: settings.timeoutMs,
    },
    runtime.http,
  );
  // FCM v1 takes no idempotency key, so a repeated request can notify twice.
  return { sender, idempotent: false };
}
