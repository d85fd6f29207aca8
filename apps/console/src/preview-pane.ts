import { type Child, h, replaceChildren } from "./dom.ts";
import { field } from "./form.ts";
import { type PreviewResult, addPlaceholders, buildPreview, contentVariables } from "./preview-model.ts";
import { parseJsonObject } from "./field-values.ts";
import type { Channel, Surface } from "./types.ts";

const PART_LABELS: Record<string, string> = {
  "content.subject": "Subject",
  "content.preheader": "Preheader",
  "content.fromName": "From name",
  "content.html": "HTML body",
  "content.text": "Text body",
  "content.body": "Body",
  "content.title": "Title",
  "content.imageUrl": "Image URL",
  "content.deepLink": "Deep link",
};

function partLabel(path: string): string {
  return PART_LABELS[path] ?? `Data ${path.replace("content.data.", "")}`;
}

/** The content a preview renders, read from the editor on each change. */
export interface PreviewSource {
  content: Record<string, unknown>;
  defaults: Record<string, string>;
  surface: Surface | null;
}

/**
 * The live preview beside the campaign editor: editable sample profile and context, and the
 * content rendered against them on every change.
 */
export class PreviewPane {
  readonly element: HTMLElement;
  private readonly profile = h("textarea", { name: "sampleProfile", rows: 5, spellcheck: "false" });
  private readonly context = h("textarea", { name: "sampleContext", rows: 5, spellcheck: "false" });
  private readonly profileField = field("Sample profile (JSON)", this.profile);
  private readonly contextField = field("Sample context (JSON)", this.context);
  private readonly output = h("div", { class: "preview-output", "data-testid": "preview" });
  private source: PreviewSource = { content: {}, defaults: {}, surface: null };

  constructor(private readonly channel: Channel) {
    this.profile.value = "{}";
    this.context.value = "{}";
    for (const input of [this.profile, this.context]) {
      input.addEventListener("input", () => this.render());
    }
    this.element = h(
      "section",
      { class: "card preview", "aria-labelledby": "preview-title" },
      h("h2", { id: "preview-title" }, "Preview"),
      h("p", { class: "hint" }, "Rendered as a recipient gets it, with this sample data. Edit it to try other values."),
      this.profileField.element,
      this.contextField.element,
      this.output,
    );
  }

  update(source: PreviewSource) {
    this.source = source;
    this.fillPlaceholders();
    this.render();
  }

  /** Adds placeholders for new variables, unless the reader is editing the sample right now. */
  private fillPlaceholders() {
    if (document.activeElement === this.profile || document.activeElement === this.context) {
      return;
    }
    try {
      const sample = { profile: parseJsonObject(this.profile.value), context: parseJsonObject(this.context.value) };
      if (addPlaceholders(contentVariables(this.channel, this.source.content), sample)) {
        this.profile.value = JSON.stringify(sample.profile, null, 2);
        this.context.value = JSON.stringify(sample.context, null, 2);
      }
    } catch {
      // Invalid sample JSON is reported by render() beside its field.
    }
  }

  private readSample(target: HTMLTextAreaElement, owner: ReturnType<typeof field>) {
    try {
      const value = parseJsonObject(target.value.trim() === "" ? "{}" : target.value);
      owner.setError(null);
      return value;
    } catch (error) {
      owner.setError(`The sample ${(error as Error).message}`);
      return null;
    }
  }

  private render() {
    const profile = this.readSample(this.profile, this.profileField);
    const context = this.readSample(this.context, this.contextField);
    if (profile === null || context === null) {
      return;
    }
    const result = buildPreview({ channel: this.channel, ...this.source, profile, context });
    replaceChildren(this.output, ...this.describe(result));
  }

  private describe(result: PreviewResult): Child[] {
    const children: Child[] = [];
    if (result.parts.length === 0) {
      children.push(h("p", { class: "empty" }, "Write some content to see it rendered here."));
    }
    if (result.warnings.length > 0) {
      const items = result.warnings.map((warning) => h("li", { "data-code": warning.code }, warning.message));
      children.push(h("div", { class: "warning" }, h("h3", {}, "Warnings"), h("ul", {}, items)));
    }
    children.push(...result.parts.map((part) => this.partView(part)));
    children.push(this.smsView(result), this.pushView(result));
    return children;
  }

  private partView(part: PreviewResult["parts"][number]): HTMLElement {
    const label = partLabel(part.path);
    const body =
      part.escape === "html"
        ? h("iframe", { class: "html-preview", title: `${label} preview`, sandbox: "", srcdoc: part.output })
        : h("pre", { class: "rendered" }, part.output);
    return h("div", { class: "part", "data-part": part.path }, h("h3", {}, label), body);
  }

  private smsView(result: PreviewResult): Child {
    const sms = result.sms;
    if (!sms) {
      return null;
    }
    const over = sms.segments > sms.maxSegments;
    return h(
      "p",
      { class: over ? "measure warning" : "measure", "data-testid": "sms-segments" },
      `${sms.segments} ${sms.segments === 1 ? "segment" : "segments"} · ${sms.encoding} · ${sms.units} ${sms.encoding === "GSM-7" ? "septets" : "UTF-16 units"}`,
      over ? ` · over the surface's maximum of ${sms.maxSegments}` : "",
    );
  }

  private pushView(result: PreviewResult): Child {
    const push = result.push;
    if (!push) {
      return null;
    }
    const over = push.bytes > push.limit;
    return h(
      "div",
      { class: "part" },
      h("h3", {}, "Payload"),
      h("pre", { class: "rendered" }, push.payload),
      h(
        "p",
        { class: over ? "measure warning" : "measure", "data-testid": "push-size" },
        `${push.bytes} of ${push.limit} bytes`,
        over ? " · too large for APNs and FCM" : "",
      ),
    );
  }
}
