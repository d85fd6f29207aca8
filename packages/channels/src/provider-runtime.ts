import type { OutboxStore, Surface } from "@herald/core";
import type { HttpClient } from "./http/http-client.ts";
import type { SocketConnector } from "./socket.ts";

/** The runtime services providers may need: storage, sockets, HTTP and named secrets. */
export interface ProviderRuntime {
  outbox: OutboxStore;
  connector: SocketConnector;
  http: HttpClient;
  secret(name: string): string | undefined;
}

/** Thrown when a surface cannot be turned into a working sender, e.g. a secret is not set. */
export class ProviderConfigError extends Error {
  override name = "ProviderConfigError";
}

/** Returns the provider settings object stored under `key`, which surface validation requires. */
export function providerSettings<T>(surface: Surface, key: string): T {
  const settings = surface.settings[key];
  if (typeof settings !== "object" || settings === null) {
    throw new ProviderConfigError(`surface ${surface.id} has no ${key} settings`);
  }
  return settings as T;
}

/** Reads a Worker secret that a surface names. The message names the secret, never its value. */
export function requireSecret(runtime: ProviderRuntime, surface: Surface, name: string): string {
  const value = runtime.secret(name);
  if (value === undefined || value === "") {
    throw new ProviderConfigError(
      `secret ${name} named by surface ${surface.id} is not set; add it with wrangler secret put`,
    );
  }
  return value;
}
