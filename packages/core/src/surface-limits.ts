import type { Surface } from "./model.ts";
import { DEFAULT_MAX_SMS_SEGMENTS } from "./schemas/surface.ts";

/** Returns the maximum number of segments an SMS surface allows per message. */
export function maxSmsSegments(surface: Surface): number {
  const value = surface.settings.maxSegments;
  return typeof value === "number" ? value : DEFAULT_MAX_SMS_SEGMENTS;
}
