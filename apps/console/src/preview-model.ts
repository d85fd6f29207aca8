import {
  type CampaignContent,
  type CampaignVersion,
  type PreviewWarning,
  type Surface as CoreSurface,
  TemplateSyntaxError,
  buildPushPayload,
  contentParts,
  countSmsSegments,
  extractVariables,
  renderPreview,
} from "@herald/core";
import type { Channel, Surface } from "./types.ts";

/** The content and sample data one preview renders. */
export interface PreviewInput {
  channel: Channel;
  content: Record<string, unknown>;
  defaults: Record<string, string>;
  /** The campaign's surface, for the SMS segment limit; null when none is chosen. */
  surface: Surface | null;
  profile: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** One rendered content part, such as `content.subject`. */
export interface PreviewPart {
  path: string;
  escape: "html" | "none";
  output: string;
}

export interface PreviewResult {
  parts: PreviewPart[];
  /** Problems a send would run into: missing variables, template errors, encoding and size limits. */
  warnings: PreviewWarning[];
  sms: { encoding: string; segments: number; units: number; maxSegments: number } | null;
  push: { bytes: number; limit: number; payload: string } | null;
}

/** A version holding only what rendering reads, so unsaved edits preview like saved ones. */
function editedVersion(content: Record<string, unknown>, defaults: Record<string, string>): CampaignVersion {
  return {
    id: "",
    campaignId: "",
    number: 0,
    title: "",
    description: null,
    surfaceId: "",
    namespace: "",
    createProfiles: false,
    startAt: null,
    endAt: null,
    content: content as CampaignContent,
    defaults,
    variables: [],
    createdAt: "",
  };
}

/**
 * Renders the editor's content against sample data with core's `renderPreview`, the function
 * behind `POST /v1/campaigns/{id}/preview`, so the pane shows what the API and the queue
 * consumer produce: escaping per part, defaults, missing variables, SMS segments and the push
 * payload's size.
 */
export function buildPreview(input: PreviewInput): PreviewResult {
  const version = editedVersion(input.content, input.defaults);
  const view = { profile: input.profile, context: input.context };
  const result = renderPreview(input.channel, version, input.surface as CoreSurface | null, view);
  const parts = contentParts(input.channel, version.content).flatMap((part) => {
    const output = result.parts[part.path.replace(/^content\./, "")];
    return output === undefined ? [] : [{ path: part.path, escape: part.escape, output }];
  });
  const sms = result.sms ? { ...result.sms, units: countSmsSegments(result.parts.body ?? "").units } : null;
  return { parts, warnings: result.warnings, sms, push: pushDetails(result) };
}

function pushDetails(result: ReturnType<typeof renderPreview>): PreviewResult["push"] {
  if (!result.push) {
    return null;
  }
  const { parts } = result;
  const data = Object.fromEntries(
    Object.entries(parts)
      .filter(([name]) => name.startsWith("data."))
      .map(([name, value]) => [name.slice("data.".length), value]),
  );
  const payload = buildPushPayload({
    title: parts.title ?? "",
    body: parts.body ?? "",
    imageUrl: parts.imageUrl,
    deepLink: parts.deepLink,
    data: Object.keys(data).length > 0 ? data : undefined,
  });
  return { bytes: result.push.payloadBytes, limit: result.push.limitBytes, payload: JSON.stringify(payload, null, 2) };
}

/** Lists the `profile.…` and `context.…` variables the content uses, skipping parts with syntax errors. */
export function contentVariables(channel: Channel, content: Record<string, unknown>): string[] {
  const variables = new Set<string>();
  for (const part of contentParts(channel, content as CampaignContent)) {
    try {
      extractVariables(part.template).forEach((variable) => variables.add(variable));
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) {
        throw error;
      }
    }
  }
  return [...variables].sort();
}

/**
 * Adds a placeholder such as `<person.name.firstName>` for each variable the sample data does
 * not have yet, leaving the values already there alone. Returns whether anything was added.
 */
export function addPlaceholders(
  variables: string[],
  sample: { profile: Record<string, unknown>; context: Record<string, unknown> },
): boolean {
  let added = false;
  for (const variable of variables) {
    const [root, ...rest] = variable.split(".");
    if ((root !== "profile" && root !== "context") || rest.length === 0) {
      continue;
    }
    const target = root === "profile" ? sample.profile : sample.context;
    let node: Record<string, unknown> = target;
    for (const [index, key] of rest.entries()) {
      const last = index === rest.length - 1;
      if (last && !(key in node)) {
        node[key] = `<${rest.join(".")}>`;
        added = true;
      } else if (!last) {
        if (typeof node[key] !== "object" || node[key] === null) {
          if (key in node) {
            break;
          }
          node[key] = {};
        }
        node = node[key] as Record<string, unknown>;
      }
    }
  }
  return added;
}
