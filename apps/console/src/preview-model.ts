import {
  type CampaignContent,
  PUSH_PAYLOAD_LIMIT_BYTES,
  type SmsSegmentCount,
  TemplateSyntaxError,
  buildPushPayload,
  contentParts,
  countSmsSegments,
  extractVariables,
  pushPayloadBytes,
  renderTemplate,
} from "@herald/core";
import type { Channel } from "./types.ts";

/** The content and sample data one preview renders. */
export interface PreviewInput {
  channel: Channel;
  content: Record<string, unknown>;
  defaults: Record<string, string>;
  profile: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** One rendered content part, such as `content.subject`, or the syntax error that stopped it. */
export interface PreviewPart {
  path: string;
  escape: "html" | "none";
  output: string;
  missing: string[];
  error: string | null;
}

export interface PreviewResult {
  parts: PreviewPart[];
  /** Variable paths the sample data lacks and no default covers, over all parts. */
  missing: string[];
  sms: SmsSegmentCount | null;
  push: { bytes: number; limit: number; payload: string } | null;
}

/**
 * Renders a campaign's content against sample data with the same functions the queue consumer
 * uses, so the preview shows what a recipient gets: escaping per part, defaults, missing
 * variables, SMS segments and the push payload's size.
 */
export function buildPreview(input: PreviewInput): PreviewResult {
  const view = { profile: input.profile, context: input.context };
  const parts = contentParts(input.channel, input.content as CampaignContent).map((part): PreviewPart => {
    try {
      const result = renderTemplate(part.template, view, { escape: part.escape, defaults: input.defaults });
      return { path: part.path, escape: part.escape, output: result.output, missing: result.missing, error: null };
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) {
        throw error;
      }
      const message = `line ${error.line}, column ${error.column}: ${error.message}`;
      return { path: part.path, escape: part.escape, output: "", missing: [], error: message };
    }
  });
  const output = (path: string) => parts.find((part) => part.path === path)?.output;
  const missing = [...new Set(parts.flatMap((part) => part.missing))].sort();
  return { parts, missing, sms: smsCount(input.channel, output), push: pushSize(input, parts, output) };
}

function smsCount(channel: Channel, output: (path: string) => string | undefined) {
  return channel === "sms" ? countSmsSegments(output("content.body") ?? "") : null;
}

function pushSize(input: PreviewInput, parts: PreviewPart[], output: (path: string) => string | undefined) {
  if (input.channel !== "push") {
    return null;
  }
  const data = Object.fromEntries(
    parts.filter((part) => part.path.startsWith("content.data.")).map((part) => [part.path.slice(13), part.output]),
  );
  const payload = buildPushPayload({
    title: output("content.title") ?? "",
    body: output("content.body") ?? "",
    imageUrl: output("content.imageUrl"),
    deepLink: output("content.deepLink"),
    data: Object.keys(data).length > 0 ? data : undefined,
  });
  return { bytes: pushPayloadBytes(payload), limit: PUSH_PAYLOAD_LIMIT_BYTES, payload: JSON.stringify(payload, null, 2) };
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
