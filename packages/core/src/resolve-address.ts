import { IdentityError, normalizeEmail, normalizePhone } from "./identity.ts";
import type { MessageAddress, Profile, Surface } from "./model.ts";
import type { TriggerRecipient } from "./schemas/trigger.ts";
import { checkPushTarget } from "./push-target-check.ts";
import type { Channel, PushTarget } from "./sending.ts";

export type AddressResult =
  | { ok: true; address: MessageAddress }
  | { ok: false; code: string; path: string; message: string };

function invalid(path: string, error: unknown): AddressResult {
  const code = error instanceof IdentityError ? error.code : "INVALID_ADDRESS";
  return { ok: false, code, path, message: error instanceof Error ? error.message : String(error) };
}

function storedIdentity(profile: Profile | null, namespace: string): string | undefined {
  return profile?.identities.find((identity) => identity.namespace === namespace)?.value;
}

/**
 * Picks where a message goes: `channelData` first, then the recipient's own id when it is in
 * the channel's namespace, then the stored profile. Context data is never consulted.
 */
export function resolveAddress(
  channel: Channel,
  recipient: TriggerRecipient,
  namespace: string,
  profile: Profile | null,
  surface: Surface,
): AddressResult {
  const data = recipient.channelData;
  const ownId = recipient.type === "external" || namespace === channelNamespace(channel);
  if (channel === "email") {
    const raw = data?.emailAddress ?? (ownId ? recipient.userId : storedIdentity(profile, "email"));
    const path = data?.emailAddress ? "channelData.emailAddress" : "userId";
    if (raw === undefined) {
      return missing(channel, "channelData.emailAddress");
    }
    try {
      return { ok: true, address: { channel, email: normalizeEmail(raw) } };
    } catch (error) {
      return invalid(path, error);
    }
  }
  if (channel === "sms") {
    const raw = data?.mobilePhoneNumber ?? (ownId ? recipient.userId : storedIdentity(profile, "phone"));
    const path = data?.mobilePhoneNumber ? "channelData.mobilePhoneNumber" : "userId";
    if (raw === undefined) {
      return missing(channel, "channelData.mobilePhoneNumber");
    }
    try {
      const region = surface.settings.defaultRegion as string | undefined;
      return { ok: true, address: { channel, phone: normalizePhone(raw, region) } };
    } catch (error) {
      return invalid(path, error);
    }
  }
  if (data?.pushSubscription) {
    const { endpoint, keys } = data.pushSubscription;
    const subscription = { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } };
    return pushAddress({ kind: "web", subscription }, surface);
  }
  if (data?.pushInfo) {
    const { appID, platform, token } = data.pushInfo;
    const target = {
      kind: "token" as const,
      token,
      ...(appID ? { appId: appID } : {}),
      ...(platform ? { platform } : {}),
    };
    return pushAddress(target, surface);
  }
  return missing(channel, "channelData.pushInfo");
}

function pushAddress(target: PushTarget, surface: Surface): AddressResult {
  const problem = checkPushTarget(target, surface);
  if (problem !== undefined) {
    return { ok: false, code: "INVALID_PUSH_TARGET", path: problem.path, message: problem.message };
  }
  return { ok: true, address: { channel: "push", target } };
}

function channelNamespace(channel: Channel): string {
  return channel === "email" ? "email" : channel === "sms" ? "phone" : "";
}

function missing(channel: Channel, path: string): AddressResult {
  return {
    ok: false,
    code: "MISSING_ADDRESS",
    path,
    message: `no ${channel} address: set ${path} or store one on the profile`,
  };
}
