import type { Deps } from "./deps.ts";
import { notFound } from "./errors.ts";
import type { Surface } from "./model.ts";

/** Returns one surface of the sandbox, or throws NOT_FOUND. */
export async function getSurface(deps: Deps, sandboxId: string, surfaceId: string): Promise<Surface> {
  const surface = await deps.store.getSurface(sandboxId, surfaceId);
  if (surface === null) {
    throw notFound("surface", surfaceId);
  }
  return surface;
}

export async function listSurfaces(deps: Deps, sandboxId: string): Promise<Surface[]> {
  return deps.store.listSurfaces(sandboxId);
}
