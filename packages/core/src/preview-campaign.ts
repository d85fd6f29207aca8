import type { Deps } from "./deps.ts";
import { HeraldError } from "./errors.ts";
import { loadCampaign } from "./load-campaign.ts";
import { renderPreview } from "./render-preview.ts";
import { previewRequestSchema } from "./schemas/preview.ts";
import { jsonByteLength, parseInput } from "./validation.ts";

function invalid(path: string, message: string): HeraldError {
  return new HeraldError("VALIDATION_FAILED", `${path}: ${message}`, { details: [{ path, message }] });
}

/**
 * Renders a campaign's content for a sample profile and context, with the warnings a send
 * would run into: missing variables, SMS encoding and segments, push payload bytes. The
 * context follows the trigger's rules, so a context a trigger would reject is rejected here.
 */
export async function previewCampaign(deps: Deps, sandboxId: string, campaignId: string, body: unknown) {
  const input = parseInput(previewRequestSchema, body ?? {});
  if (Object.hasOwn(input.context, "system")) {
    throw invalid("context.system", "is reserved; rename this key");
  }
  const bytes = jsonByteLength(input.context);
  if (bytes > deps.limits.maxContextBytes) {
    throw invalid("context", `is ${bytes} bytes, over the limit of ${deps.limits.maxContextBytes} bytes; send less contextual data`);
  }
  const { campaign, live, draft } = await loadCampaign(deps, sandboxId, campaignId);
  let version = draft ?? live;
  if (input.version === "live") {
    version = live;
  } else if (input.version === "draft") {
    version = draft;
  }
  if (version === null) {
    throw new HeraldError("INVALID_STATE", `campaign ${campaignId} has no ${input.version} version to preview`);
  }
  const surface = await deps.store.getSurface(sandboxId, version.surfaceId);
  const preview = renderPreview(campaign.channel, version, surface, { profile: input.profile, context: input.context });
  const from = campaign.channel === "email" && surface?.channel === "email" ? emailFrom(surface.settings, preview.parts.fromName) : undefined;
  return {
    campaignId,
    channel: campaign.channel,
    version: { id: version.id, number: version.number, state: version === live ? "live" : "draft" },
    ...(from ? { from } : {}),
    ...preview,
  };
}

function emailFrom(settings: Record<string, unknown>, renderedName: string | undefined) {
  const name = renderedName ?? (typeof settings.fromName === "string" ? settings.fromName : undefined);
  return { address: String(settings.fromAddress), ...(name ? { name } : {}) };
}
