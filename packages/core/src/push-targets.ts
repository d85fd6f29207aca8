import type { Deps } from "./deps.ts";
import type { MessageRecord } from "./model.ts";
import type { PushTargetRecord } from "./ports.ts";
import type { PushTarget } from "./sending.ts";

/** Returns the key a push target is stored under: the endpoint URL or the device token. */
export function pushTargetKey(target: PushTarget): { key: string; kind: PushTargetRecord["kind"] } {
  return target.kind === "web" ? { key: target.subscription.endpoint, kind: "web" } : { key: target.token, kind: "token" };
}

/** Returns the stored record of the message's push target when it is marked gone. */
export async function findGoneTarget(deps: Deps, message: MessageRecord): Promise<PushTargetRecord | null> {
  if (message.address.channel !== "push") {
    return null;
  }
  const { key } = pushTargetKey(message.address.target);
  const record = await deps.store.getPushTarget(message.sandboxId, key);
  return record?.status === "gone" ? record : null;
}

/** Marks the message's push target gone, so later messages to it are skipped. */
export async function markTargetGone(deps: Deps, message: MessageRecord, reason: string): Promise<void> {
  if (message.address.channel !== "push") {
    return;
  }
  const now = deps.now().toISOString();
  const { key, kind } = pushTargetKey(message.address.target);
  const existing = await deps.store.getPushTarget(message.sandboxId, key);
  await deps.store.savePushTarget({
    sandboxId: message.sandboxId,
    key,
    kind,
    profileId: message.profileId ?? existing?.profileId ?? null,
    status: "gone",
    reason,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
  deps.log.info("push target marked gone", { messageId: message.id, profileId: message.profileId, kind });
}

/** Formats the reason recorded on a message skipped because its push target is gone. */
export function goneTargetReason(target: PushTargetRecord): string {
  const what = target.kind === "web" ? "push subscription" : "device token";
  return `skipped: the ${what} was marked gone at ${target.updatedAt} (${target.reason ?? "no reason recorded"})`;
}
