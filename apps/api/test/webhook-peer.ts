import { env } from "cloudflare:test";
import { expect } from "vitest";
import { api } from "./helpers.ts";

export interface HookDelivery {
  id: string;
  timestamp: string;
  valid: boolean;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** Polls the webhook receiver until `name` got `count` deliveries or the time runs out. */
export async function deliveriesTo(name: string, count: number, timeoutMs = 10_000): Promise<HookDelivery[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const deliveries: HookDelivery[] = await (await fetch(`${env.PEER_URL}/hooks/${name}`)).json();
    if (deliveries.length >= count || Date.now() > deadline) {
      return deliveries;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Creates a webhook pointing at a receiver that has its secret. */
export async function webhookFor(key: string, options: { failFirst?: number; events?: string[] } = {}) {
  const name = `hook-${crypto.randomUUID()}`;
  const created = await api("/v1/webhooks", {
    key,
    body: { url: `${env.PEER_URL}/hooks/${name}`, ...(options.events ? { events: options.events } : {}) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await fetch(`${env.PEER_URL}/hook-secrets/${name}`, {
    method: "PUT",
    body: JSON.stringify({ secret: created.body.secret, failFirst: options.failFirst ?? 0 }),
  });
  return { name, webhook: created.body };
}
