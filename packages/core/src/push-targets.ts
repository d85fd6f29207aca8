import type { PushTargetRecord } from "./ports.ts";
import type { PushTarget } from "./sending.ts";

/** Returns the key a push target is stored under: the endpoint URL or the device token. */
export function pushTargetKey(target: PushTarget): { key: string; kind: PushTargetRecord["kind"] } {
  return target.kind === "web" ? { key: target.subscription.endpoint, kind: "web" } : { key: target.token, kind: "token" };
}

/** Formats the reason recorded on a message skipped because its push target is gone. */
export function goneTargetReason(target: PushTargetRecord): string {
  const what = target.kind === "web" ? "push subscription" : "device token";
  return `skipped: the ${what} was marked gone at ${target.updatedAt} (${target.reason ?? "no reason recorded"})`;
}
