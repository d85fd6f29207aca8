import type { OutboxStore, ResolvedSender, Surface } from "@herald/core";
import { outboxSender } from "./outbox.ts";
import type { SocketConnector } from "./socket.ts";

/** What providers may need from the runtime: storage, sockets and named secrets. */
export interface ProviderRuntime {
  outbox: OutboxStore;
  connector: SocketConnector;
  secret(name: string): string | undefined;
}

/** Picks the provider a surface names; the outbox is idempotent on the message id. */
export function resolveSender(surface: Surface, runtime: ProviderRuntime): ResolvedSender {
  switch (surface.provider) {
    case "outbox":
      return { sender: outboxSender(runtime.outbox), idempotent: true };
    default:
      throw new Error(`surface ${surface.id} names unknown provider ${surface.provider}`);
  }
}
