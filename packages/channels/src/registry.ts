import type { OutboxStore, ResolvedSender, SmtpSettings, Surface } from "@herald/core";
import { createSmtpSender } from "./email/smtp-sender.ts";
import { outboxSender } from "./outbox.ts";
import type { SocketConnector } from "./socket.ts";

/** What providers may need from the runtime: storage, sockets and named secrets. */
export interface ProviderRuntime {
  outbox: OutboxStore;
  connector: SocketConnector;
  secret(name: string): string | undefined;
}

/** Thrown when a surface cannot be turned into a working sender, e.g. a secret is not set. */
export class ProviderConfigError extends Error {
  override name = "ProviderConfigError";
}

function smtpSender(surface: Surface, runtime: ProviderRuntime): ResolvedSender {
  const settings = surface.settings.smtp as SmtpSettings | undefined;
  if (settings === undefined) {
    throw new ProviderConfigError(`surface ${surface.id} has no smtp settings`);
  }
  let password: string | undefined;
  if (settings.passwordSecret !== undefined) {
    password = runtime.secret(settings.passwordSecret);
    if (password === undefined) {
      throw new ProviderConfigError(
        `secret ${settings.passwordSecret} named by surface ${surface.id} is not set; add it with wrangler secret put`,
      );
    }
  }
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

/** Picks the provider a surface names; the outbox is idempotent on the message id. */
export function resolveSender(surface: Surface, runtime: ProviderRuntime): ResolvedSender {
  switch (surface.provider) {
    case "outbox":
      return { sender: outboxSender(runtime.outbox), idempotent: true };
    case "smtp":
      return smtpSender(surface, runtime);
    default:
      throw new ProviderConfigError(`surface ${surface.id} names unknown provider ${surface.provider}`);
  }
}
