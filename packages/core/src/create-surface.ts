import type { Deps } from "./deps.ts";
import { newId } from "./ids.ts";
import type { Surface } from "./model.ts";
import { parseSurface } from "./surface-input.ts";

/** Validates and stores a channel surface: the sender settings of one channel. */
export async function createSurface(deps: Deps, sandboxId: string, body: unknown): Promise<Surface> {
  const fields = parseSurface(body);
  const now = deps.now().toISOString();
  const surface: Surface = { id: newId("srf"), sandboxId, ...fields, createdAt: now, updatedAt: now };
  await deps.store.createSurface(surface);
  return surface;
}
