import type { Deps } from "./deps.ts";
import { HeraldError, notFound } from "./errors.ts";
import { normalizeIdentity } from "./identity.ts";
import { listWindow } from "./list-window.ts";
import type { Profile } from "./model.ts";
import { pageOf } from "./page-cursor.ts";
import { profileView } from "./profile-view.ts";
import { profileQuerySchema } from "./schemas/profile.ts";
import { parseInput } from "./validation.ts";

/** Returns one profile of the sandbox, or throws NOT_FOUND. */
export async function getProfile(deps: Deps, sandboxId: string, profileId: string): Promise<Profile> {
  const profile = await deps.store.getProfile(sandboxId, profileId);
  if (profile === null) {
    throw notFound("profile", profileId);
  }
  return profile;
}

function invalidQuery(path: string, message: string): HeraldError {
  return new HeraldError("VALIDATION_FAILED", `${path}: ${message}`, { details: [{ path, message }] });
}

/**
 * Lists profiles newest first, or looks one up when `namespace` and `identity` are both given.
 * The identity is normalized as triggers normalize it, so `User@Example.com` finds
 * `user@example.com`.
 */
export async function listProfiles(deps: Deps, sandboxId: string, query: unknown) {
  const input = parseInput(profileQuerySchema, query);
  if ((input.namespace === undefined) !== (input.identity === undefined)) {
    const missing = input.namespace === undefined ? "namespace" : "identity";
    throw invalidQuery(missing, "is required with the other; send both namespace and identity to look up a profile");
  }
  if (input.namespace !== undefined && input.identity !== undefined) {
    let value: string;
    try {
      value = normalizeIdentity(input.namespace, input.identity, { defaultRegion: input.defaultRegion });
    } catch (error) {
      throw invalidQuery("identity", (error as Error).message);
    }
    const found = await deps.store.findProfile(sandboxId, { namespace: input.namespace, value });
    return { items: found ? [profileView(found)] : [], nextCursor: null };
  }
  const rows = await deps.store.listProfiles(sandboxId, listWindow({ cursor: input.cursor, limit: input.limit }));
  const { items, nextCursor } = pageOf(rows, input.limit);
  return { items: items.map(profileView), nextCursor };
}
