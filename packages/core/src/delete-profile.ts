import type { Deps } from "./deps.ts";
import { notFound } from "./errors.ts";

/**
 * Deletes a profile and its identities. Messages already sent keep their profile id for the
 * record, and a later trigger for the same identity finds no profile.
 */
export async function deleteProfile(deps: Deps, sandboxId: string, profileId: string): Promise<void> {
  if (!(await deps.store.deleteProfile(sandboxId, profileId))) {
    throw notFound("profile", profileId);
  }
}
