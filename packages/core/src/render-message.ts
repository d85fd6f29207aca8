import type { MessageAddress, Surface } from "./model.ts";
import { checkPushPayload } from "./push-payload.ts";
import { renderTemplate } from "./render.ts";
import { maxSmsSegments } from "./surface-limits.ts";
import type { CampaignContent, EmailContent, PushContent, SmsContent } from "./schemas/campaign.ts";
import type { RenderedEmail, RenderedMessage, RenderedPush, RenderedSms } from "./sending.ts";
import { countSmsSegments } from "./sms-segments.ts";
import { jsonByteLength } from "./validation.ts";

export interface RenderView {
  profile: Record<string, unknown>;
  context: Record<string, unknown>;
}

export interface RenderMessageInput {
  content: CampaignContent;
  defaults: Record<string, string>;
  surface: Surface;
  address: MessageAddress;
  view: RenderView;
}

/** A rendered message, or the reasons it cannot be sent (missing variables, size limits). */
export type RenderMessageResult =
  | { ok: true; rendered: RenderedMessage }
  | { ok: false; code: "MISSING_VARIABLES"; missing: string[]; message: string }
  | { ok: false; code: "CONTENT_TOO_LARGE"; message: string };

class Renderer {
  readonly missing = new Set<string>();

  constructor(
    private readonly view: RenderView,
    private readonly defaults: Record<string, string>,
  ) {}

  render(template: string | undefined, escape: "html" | "none" = "none"): string | undefined {
    if (template === undefined) {
      return undefined;
    }
    const result = renderTemplate(template, this.view, { escape, defaults: this.defaults });
    for (const path of result.missing) {
      this.missing.add(path);
    }
    return result.output;
  }
}

/**
 * The largest rendered email Herald stores and sends: well under D1's 2,000,000-byte row
 * limit, and far above what mail clients show.
 */
export const MAX_RENDERED_EMAIL_BYTES = 1_000_000;

/** Renders a campaign's content for one recipient; HTML parts escape and every other part does not. */
export function renderMessage(input: RenderMessageInput): RenderMessageResult {
  const renderer = new Renderer(input.view, input.defaults);
  const rendered = renderByChannel(input, renderer);
  if (renderer.missing.size > 0) {
    const missing = [...renderer.missing].sort();
    return {
      ok: false,
      code: "MISSING_VARIABLES",
      missing,
      message: `missing variables: ${missing.join(", ")}`,
    };
  }
  if (rendered.channel === "push") {
    const check = checkPushPayload(rendered);
    if (!check.ok) {
      return {
        ok: false,
        code: "CONTENT_TOO_LARGE",
        message: `push payload is ${check.bytes} bytes, over the ${check.limit}-byte limit`,
      };
    }
  }
  if (rendered.channel === "email") {
    const bytes = jsonByteLength(rendered);
    if (bytes > MAX_RENDERED_EMAIL_BYTES) {
      return {
        ok: false,
        code: "CONTENT_TOO_LARGE",
        message: `rendered email is ${bytes} bytes, over the ${MAX_RENDERED_EMAIL_BYTES}-byte limit`,
      };
    }
  }
  if (rendered.channel === "sms") {
    const maxSegments = maxSmsSegments(input.surface);
    if (rendered.segments > maxSegments) {
      return {
        ok: false,
        code: "CONTENT_TOO_LARGE",
        message: `SMS body needs ${rendered.segments} segments, over the surface maximum of ${maxSegments}`,
      };
    }
  }
  return { ok: true, rendered };
}

function renderByChannel(input: RenderMessageInput, renderer: Renderer): RenderedMessage {
  const { address, surface } = input;
  if (address.channel === "email") {
    return renderEmail(input.content as EmailContent, surface, address.email, renderer);
  }
  if (address.channel === "sms") {
    return renderSms(input.content as SmsContent, surface, address.phone, renderer);
  }
  return renderPush(input.content as PushContent, address.target, renderer);
}

function renderEmail(content: EmailContent, surface: Surface, to: string, renderer: Renderer) {
  const settings = surface.settings;
  const fromName = renderer.render(content.fromName) ?? (settings.fromName as string | undefined);
  const email: RenderedEmail = {
    channel: "email",
    from: { address: String(settings.fromAddress), ...(fromName ? { name: fromName } : {}) },
    to: { address: to },
    subject: renderer.render(content.subject) ?? "",
  };
  if (typeof settings.replyToAddress === "string") {
    email.replyTo = { address: settings.replyToAddress };
  }
  const preheader = renderer.render(content.preheader);
  const html = renderer.render(content.html, "html");
  const text = renderer.render(content.text);
  if (preheader !== undefined) {
    email.preheader = preheader;
  }
  if (html !== undefined) {
    email.html = html;
  }
  if (text !== undefined) {
    email.text = text;
  }
  return email;
}

function renderSms(content: SmsContent, surface: Surface, to: string, renderer: Renderer) {
  const body = renderer.render(content.body) ?? "";
  const count = countSmsSegments(body);
  const sms: RenderedSms = {
    channel: "sms",
    from: String(surface.settings.sender),
    to,
    body,
    encoding: count.encoding,
    segments: count.segments,
  };
  return sms;
}

function renderPush(content: PushContent, target: RenderedPush["to"], renderer: Renderer) {
  const push: RenderedPush = {
    channel: "push",
    to: target,
    title: renderer.render(content.title) ?? "",
    body: renderer.render(content.body) ?? "",
  };
  const imageUrl = renderer.render(content.imageUrl);
  const deepLink = renderer.render(content.deepLink);
  if (imageUrl !== undefined) {
    push.imageUrl = imageUrl;
  }
  if (deepLink !== undefined) {
    push.deepLink = deepLink;
  }
  if (content.data !== undefined) {
    push.data = Object.fromEntries(
      Object.entries(content.data).map(([key, value]) => [key, renderer.render(value) ?? ""]),
    );
  }
  return push;
}
