import { fixedText, isPlainText } from "./fixed-text.ts";
import type { Surface } from "./model.ts";
import { PUSH_PAYLOAD_LIMIT_BYTES, checkPushPayload } from "./push-payload.ts";
import type { ReviewProblem } from "./review-campaign.ts";
import type { CampaignContent, PushContent, SmsContent } from "./schemas/campaign.ts";
import { DEFAULT_MAX_SMS_SEGMENTS } from "./schemas/surface.ts";
import type { Channel } from "./sending.ts";
import { countSmsSegments } from "./sms-segments.ts";
import { maxSmsSegments } from "./surface-limits.ts";
import { TemplateSyntaxError } from "./variables.ts";

/** Returns the fixed text of a template, or "" when it does not parse (review reports that). */
function safeFixedText(template: string | undefined): string | undefined {
  if (template === undefined) {
    return undefined;
  }
  try {
    return fixedText(template);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) {
      return "";
    }
    throw error;
  }
}

function isPlain(template: string): boolean {
  try {
    return isPlainText(template);
  } catch {
    return false;
  }
}

/**
 * Finds content too large for its channel before any variable is filled in: a push payload
 * over 4,096 bytes, or an SMS body over the surface's maximum segments (the default maximum
 * when the campaign has no usable SMS surface).
 */
export function contentLimitProblems(
  channel: Channel,
  content: CampaignContent,
  surface: Surface | null,
): ReviewProblem[] {
  if (channel === "sms") {
    return smsProblems(content as SmsContent, surface);
  }
  if (channel === "push") {
    return pushProblems(content as PushContent);
  }
  return [];
}

function smsProblems(content: SmsContent, surface: Surface | null): ReviewProblem[] {
  const count = countSmsSegments(safeFixedText(content.body) ?? "");
  const max = surface ? maxSmsSegments(surface) : DEFAULT_MAX_SMS_SEGMENTS;
  if (count.segments <= max) {
    return [];
  }
  return [
    {
      path: "content.body",
      code: "SMS_TOO_MANY_SEGMENTS",
      message: `the fixed text of the body alone needs ${count.segments} ${count.encoding} segments, over the surface maximum of ${max}; shorten it or raise maxSegments`,
    },
  ];
}

function pushProblems(content: PushContent): ReviewProblem[] {
  const problems: ReviewProblem[] = [];
  const data = content.data === undefined ? undefined : mapValues(content.data, (value) => safeFixedText(value) ?? "");
  const check = checkPushPayload({
    title: safeFixedText(content.title) ?? "",
    body: safeFixedText(content.body) ?? "",
    imageUrl: safeFixedText(content.imageUrl),
    deepLink: safeFixedText(content.deepLink),
    data,
  });
  if (!check.ok) {
    problems.push({
      path: "content",
      code: "PUSH_PAYLOAD_TOO_LARGE",
      message: `the push payload is ${check.bytes} bytes with every variable empty, over the ${PUSH_PAYLOAD_LIMIT_BYTES}-byte limit of APNs and FCM; shorten the title, body or data`,
    });
  }
  if (content.imageUrl !== undefined && isPlain(content.imageUrl) && !isUrl(content.imageUrl, true)) {
    problems.push({
      path: "content.imageUrl",
      code: "INVALID_URL",
      message: `${JSON.stringify(content.imageUrl)} is not an https URL; push services load images over https only`,
    });
  }
  if (content.deepLink !== undefined && isPlain(content.deepLink) && !isUrl(content.deepLink, false)) {
    problems.push({
      path: "content.deepLink",
      code: "INVALID_URL",
      message: `${JSON.stringify(content.deepLink)} is not a URL; use a link such as https://example.com/orders or myapp://orders`,
    });
  }
  return problems;
}

function isUrl(text: string, httpsOnly: boolean): boolean {
  try {
    const url = new URL(text.trim());
    return !httpsOnly || url.protocol === "https:";
  } catch {
    return false;
  }
}

function mapValues(record: Record<string, string>, map: (value: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
