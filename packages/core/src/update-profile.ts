import type { Deps } from "./deps.ts";
import { HeraldError } from "./errors.ts";
import { getProfile } from "./get-profile.ts";
import { applyMergePatch } from "./merge-patch.ts";
import type { Profile } from "./model.ts";
import { checkAttributeSize, identitiesTaken, normalizeIdentities } from "./profile-input.ts";
import { updateProfileSchema } from "./schemas/profile.ts";
import { parseInput } from "./validation.ts";

/**
 * Changes a profile: `attributes` is a JSON merge patch over the stored attributes (`null`
 * removes one), and `identities`, when given, replaces the whole set.
 */
export async function updateProfile(deps: Deps, sandboxId: string, profileId: string, body: unknown): Promise<Profile> {
  const input = parseInput(updateProfileSchema, body);
  const current = await getProfile(deps, sandboxId, profileId);
  const identities = input.identities ? normalizeIdentities(input.identities, input.defaultRegion) : current.identities;
  const attributes = input.attributes
    ? (applyMergePatch(current.attributes, input.attributes) as Record<string, unknown>)
    : current.attributes;
  checkAttributeSize(attributes);
  const updated: Profile = { ...current, attributes, identities, updatedAt: deps.now().toISOString() };
  const write = await deps.store.updateProfile(updated, current.updatedAt, input.identities !== undefined);
  if (!write.ok) {
    if (write.reason === "taken") {
      throw identitiesTaken(write.taken);
    }
    throw new HeraldError("CONFLICT", `profile ${profileId} changed during this update; retry`);
  }
  return updated;
}
