import { HeraldError } from "./errors.ts";
import { applyMergePatch } from "./merge-patch.ts";
import type { CampaignVersion } from "./model.ts";
import { type CreateCampaignInput, createCampaignSchema } from "./schemas/campaign.ts";
import type { Channel } from "./sending.ts";
import { parseInput } from "./validation.ts";

/** The namespace recipients are identified in when a campaign names none. */
export const DEFAULT_NAMESPACE: Record<Channel, string> = {
  email: "email",
  sms: "phone",
  push: "ecid",
};

/** The editable fields of a campaign version, as a create or patch body spells them. */
export type VersionFields = Pick<
  CampaignVersion,
  "title" | "description" | "surfaceId" | "namespace" | "createProfiles" | "startAt" | "endAt" | "content" | "defaults"
>;

/** Converts a validated create body into version fields, filling in the channel's defaults. */
export function versionFields(input: CreateCampaignInput): VersionFields {
  return {
    title: input.title,
    description: input.description ?? null,
    surfaceId: input.surfaceId,
    namespace: input.namespace ?? DEFAULT_NAMESPACE[input.channel],
    createProfiles: input.createProfiles,
    startAt: input.startAt ?? null,
    endAt: input.endAt ?? null,
    content: input.content,
    defaults: input.defaults ?? {},
  };
}

function versionBody(channel: Channel, version: CampaignVersion): Record<string, unknown> {
  const body: Record<string, unknown> = {
    channel,
    title: version.title,
    surfaceId: version.surfaceId,
    namespace: version.namespace,
    createProfiles: version.createProfiles,
    content: version.content,
    defaults: version.defaults,
  };
  for (const [key, value] of Object.entries({
    description: version.description,
    startAt: version.startAt,
    endAt: version.endAt,
  })) {
    if (value !== null) {
      body[key] = value;
    }
  }
  return body;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Applies a JSON merge patch to a version's fields and validates the result like a new
 * campaign: `null` clears an optional field, `content` and `defaults` merge member by member.
 */
export function patchVersionFields(channel: Channel, base: CampaignVersion, patch: unknown): VersionFields {
  if (!isObject(patch)) {
    const message = "must be a JSON object of the fields to change";
    throw new HeraldError("VALIDATION_FAILED", `(body): ${message}`, { details: [{ path: "(body)", message }] });
  }
  if (patch.channel !== undefined && patch.channel !== channel) {
    const message = `cannot change from ${channel}; duplicate the content into a new ${String(patch.channel)} campaign instead`;
    throw new HeraldError("VALIDATION_FAILED", `channel: ${message}`, { details: [{ path: "channel", message }] });
  }
  const merged = applyMergePatch(versionBody(channel, base), patch);
  return versionFields(parseInput(createCampaignSchema, merged));
}
