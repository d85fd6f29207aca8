import { contentParts } from "./content-parts.ts";
import type { CampaignVersion, Surface } from "./model.ts";
import { PUSH_PAYLOAD_LIMIT_BYTES, checkPushPayload } from "./push-payload.ts";
import { type TemplateView, renderTemplate } from "./render.ts";
import type { Channel } from "./sending.ts";
import { DEFAULT_MAX_SMS_SEGMENTS } from "./schemas/surface.ts";
import { countSmsSegments } from "./sms-segments.ts";
import { maxSmsSegments } from "./surface-limits.ts";
import { TemplateSyntaxError } from "./variables.ts";

/** Something a send of this content would run into, shown next to the preview. */
export interface PreviewWarning {
  path: string;
  code: string;
  message: string;
}

export interface PreviewResult {
  /** Each rendered content part by its name, such as `subject` or `data.orderId`. */
  parts: Record<string, string>;
  warnings: PreviewWarning[];
  sms?: { encoding: string; segments: number; characters: number; maxSegments: number };
  push?: { payloadBytes: number; limitBytes: number };
}

/**
 * Renders every part of a version's content for a sample profile and context. A missing
 * variable keeps its tag in the output and adds a warning, so one preview shows every gap.
 */
export function renderPreview(channel: Channel, version: CampaignVersion, surface: Surface | null, view: TemplateView) {
  const result: PreviewResult = { parts: {}, warnings: [] };
  for (const part of contentParts(channel, version.content)) {
    const name = part.path.replace(/^content\./, "");
    try {
      const rendered = renderTemplate(part.template, view, { escape: part.escape, defaults: version.defaults });
      result.parts[name] = rendered.output;
      for (const path of rendered.missing.sort()) {
        result.warnings.push({
          path,
          code: "MISSING_VARIABLE",
          message: `${path} is used in ${part.path} but missing from this profile and context, so a send would be rejected; supply it or declare a default`,
        });
      }
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) {
        throw error;
      }
      const message = `line ${error.line}, column ${error.column}: ${error.message}`;
      result.warnings.push({ path: part.path, code: "TEMPLATE_SYNTAX", message });
    }
  }
  if (channel === "sms") {
    addSmsDetails(result, surface);
  } else if (channel === "push") {
    addPushDetails(result);
  }
  return result;
}

function addSmsDetails(result: PreviewResult, surface: Surface | null) {
  const body = result.parts.body ?? "";
  const count = countSmsSegments(body);
  const max = surface?.channel === "sms" ? maxSmsSegments(surface) : DEFAULT_MAX_SMS_SEGMENTS;
  result.sms = { encoding: count.encoding, segments: count.segments, characters: count.characters, maxSegments: max };
  if (count.encoding === "UCS-2") {
    const first = [...body].find((character) => countSmsSegments(character).encoding === "UCS-2") ?? "";
    result.warnings.push({
      path: "content.body",
      code: "SMS_ENCODING",
      message: `${JSON.stringify(first)} is not in the GSM-7 alphabet, so the body is sent as UCS-2 with 70 characters per segment instead of 160`,
    });
  }
  if (count.segments > max) {
    result.warnings.push({
      path: "content.body",
      code: "SMS_TOO_MANY_SEGMENTS",
      message: `the body needs ${count.segments} segments, over the surface maximum of ${max}, so a send would be rejected`,
    });
  } else if (count.segments > 1) {
    result.warnings.push({
      path: "content.body",
      code: "SMS_SEGMENTS",
      message: `the body needs ${count.segments} ${count.encoding} segments, and carriers bill each one`,
    });
  }
}

function addPushDetails(result: PreviewResult) {
  const parts = result.parts;
  const data = Object.fromEntries(
    Object.entries(parts)
      .filter(([name]) => name.startsWith("data."))
      .map(([name, value]) => [name.slice("data.".length), value]),
  );
  const check = checkPushPayload({
    title: parts.title ?? "",
    body: parts.body ?? "",
    imageUrl: parts.imageUrl,
    deepLink: parts.deepLink,
    data: Object.keys(data).length > 0 ? data : undefined,
  });
  result.push = { payloadBytes: check.bytes, limitBytes: PUSH_PAYLOAD_LIMIT_BYTES };
  if (!check.ok) {
    result.warnings.push({
      path: "content",
      code: "PUSH_PAYLOAD_TOO_LARGE",
      message: `the push payload is ${check.bytes} bytes, over the ${PUSH_PAYLOAD_LIMIT_BYTES}-byte limit of APNs and FCM, so a send would be rejected`,
    });
  }
}
