import type { PeerStep, Throttle } from "@herald/channels/test-support";
import { expect } from "vitest";
import { activate, api, createOk, newSandbox, triggerBody, waitForFinal } from "./helpers.ts";

/** Plans the next responses of a provider peer for one key (recipient, endpoint or token). */
export async function planPeer(peerUrl: string, key: string, steps: PeerStep[]): Promise<void> {
  const response = await fetch(`${peerUrl}/_peer/plan`, { method: "POST", body: JSON.stringify({ key, steps }) });
  expect(response.status).toBe(204);
}

export async function throttlePeer(peerUrl: string, rule: Throttle): Promise<void> {
  const response = await fetch(`${peerUrl}/_peer/throttle`, { method: "POST", body: JSON.stringify(rule) });
  expect(response.status).toBe(204);
}

/** Returns what a provider peer has received so far. */
export async function peerReceived<T>(peerUrl: string): Promise<T[]> {
  const response = await fetch(`${peerUrl}/_peer/received`);
  return response.json();
}

/** Creates a sandbox with one surface and a live campaign on it. */
export async function liveCampaignOn(surface: Record<string, unknown>, campaign: Record<string, unknown>) {
  const key = await newSandbox();
  const created = await createOk(key, "/v1/surfaces", surface);
  const draft = await createOk(key, "/v1/campaigns", { ...campaign, surfaceId: created.id });
  await activate(key, draft.id);
  return { key, surfaceId: created.id as string, campaignId: draft.id as string };
}

/** Triggers a campaign, expects 202, and returns the final state of each message. */
export async function deliver(key: string, campaignId: string, recipients: unknown[], timeoutMs = 15_000) {
  const trigger = await api("/ajo/im/executions/unitary", { key, body: triggerBody(campaignId, recipients) });
  expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
  await waitForFinal(key, trigger.body.executionId, timeoutMs);
  const ids = (trigger.body.recipients as { messageId: string }[]).map((item) => item.messageId);
  return Promise.all(ids.map(async (id) => (await api(`/v1/messages/${id}`, { key })).body));
}

/** Triggers a campaign for one recipient and returns the final state of its message. */
export async function deliverOne(
  key: string,
  campaignId: string,
  recipient: unknown,
  timeoutMs?: number,
): Promise<Record<string, any>> {
  const [message] = await deliver(key, campaignId, [recipient], timeoutMs);
  if (message === undefined) {
    throw new Error("the trigger response listed no message");
  }
  return message;
}

/**
 * Keeps every line written through `console` from now on, the Worker's JSON logs included,
 * since the tests and the Worker share one isolate.
 */
export function captureConsole(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const methods = ["log", "info", "warn", "error", "debug"] as const;
  const originals = methods.map((method) => console[method]);
  for (const [index, method] of methods.entries()) {
    const original = originals[index];
    console[method] = (...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
      original?.apply(console, args);
    };
  }
  return {
    lines,
    stop() {
      for (const [index, method] of methods.entries()) {
        const original = originals[index];
        if (original) {
          console[method] = original;
        }
      }
    },
  };
}
