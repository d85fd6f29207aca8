import type { Profile } from "./model.ts";

/** Shapes a profile for the API. */
export function profileView(profile: Profile) {
  return {
    id: profile.id,
    identities: profile.identities,
    attributes: profile.attributes,
    createdBy: profile.createdBy,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
}
