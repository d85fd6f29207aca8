import type { Deps } from "./deps.ts";
import { HeraldError } from "./errors.ts";
import { getSurface } from "./get-surface.ts";
import { applyMergePatch } from "./merge-patch.ts";
import type { Surface } from "./model.ts";
import { parseSurface, surfaceBody } from "./surface-input.ts";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Changes a surface with a JSON merge patch (`null` removes an optional setting) and validates
 * the result as a whole. The channel is fixed, and campaigns using the surface see the change
 * from their next send.
 */
export async function updateSurface(
  deps: Deps,
  sandboxId: string,
  surfaceId: string,
  patch: unknown,
): Promise<Surface> {
  if (!isObject(patch)) {
    throw new HeraldError("VALIDATION_FAILED", "(body): must be a JSON object of the fields to change", {
      details: [{ path: "(body)", message: "must be a JSON object of the fields to change" }],
    });
  }
  const current = await getSurface(deps, sandboxId, surfaceId);
  if (patch.channel !== undefined && patch.channel !== current.channel) {
    const message = `cannot change from ${current.channel}; create a new surface for another channel`;
    throw new HeraldError("VALIDATION_FAILED", `channel: ${message}`, { details: [{ path: "channel", message }] });
  }
  const fields = parseSurface(applyMergePatch(surfaceBody(current), patch));
  const updated: Surface = { ...current, ...fields, updatedAt: deps.now().toISOString() };
  if (!(await deps.store.updateSurface(updated, current.updatedAt))) {
    throw new HeraldError("CONFLICT", `surface ${surfaceId} changed during this update; retry`);
  }
  return updated;
}
