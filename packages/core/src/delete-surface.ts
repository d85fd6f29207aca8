import type { Deps } from "./deps.ts";
import { HeraldError } from "./errors.ts";
import { getSurface } from "./get-surface.ts";

/**
 * Deletes a surface that no campaign version uses. Versions keep their surface for as long as
 * their messages may be sent or read, so a surface in use is kept and can be changed instead.
 */
export async function deleteSurface(deps: Deps, sandboxId: string, surfaceId: string): Promise<void> {
  await getSurface(deps, sandboxId, surfaceId);
  if (await deps.store.deleteUnusedSurface(sandboxId, surfaceId)) {
    return;
  }
  const campaigns = await deps.store.campaignsUsingSurface(sandboxId, surfaceId);
  throw new HeraldError(
    "CONFLICT",
    `surface ${surfaceId} is used by campaign(s) ${campaigns.join(", ")}; point them at another surface or change this one instead`,
  );
}
