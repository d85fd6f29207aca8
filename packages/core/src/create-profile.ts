import type { Deps } from "./deps.ts";
import { newId } from "./ids.ts";
import type { Profile } from "./model.ts";
import { checkAttributeSize, identitiesTaken, normalizeIdentities } from "./profile-input.ts";
import { createProfileSchema } from "./schemas/profile.ts";
import { parseInput } from "./validation.ts";

/**
 * Creates a profile with its identities and attributes. An identity that already belongs to
 * another profile rejects the call with CONFLICT, because one person has one profile.
 */
export async function createProfile(deps: Deps, sandboxId: string, body: unknown): Promise<Profile> {
  const input = parseInput(createProfileSchema, body);
  const identities = normalizeIdentities(input.identities, input.defaultRegion);
  checkAttributeSize(input.attributes);
  const now = deps.now().toISOString();
  const profile: Profile = {
    id: newId("prf"),
    sandboxId,
    attributes: input.attributes,
    createdBy: "api",
    identities,
    createdAt: now,
    updatedAt: now,
  };
  const write = await deps.store.createProfile(profile);
  if (!write.ok) {
    throw write.reason === "taken" ? identitiesTaken(write.taken) : new Error("a new profile cannot be stale");
  }
  return profile;
}
