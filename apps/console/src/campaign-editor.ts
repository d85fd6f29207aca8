import { ApiError, call } from "./api.ts";
import { type EditorHooks, campaignActions, review } from "./campaign-actions.ts";
import { campaignBody } from "./campaign-fields.ts";
import type { Operations } from "./capabilities.ts";
import { announce, replaceChildren } from "./dom.ts";
import { nest } from "./field-values.ts";
import type { FormProblems } from "./form.ts";
import type { PreviewSource } from "./preview-pane.ts";
import { link } from "./router.ts";
import type { SpecForm } from "./spec-form.ts";
import { type Campaign, type Channel, type Surface, currentVersion } from "./types.ts";

/** The state of one campaign editor: the campaign (null while new), its form and its status line. */
export interface Editor {
  campaign: Campaign | null;
  channel: Channel;
  form: SpecForm;
  problems: FormProblems;
  surfaces: Surface[];
  status: HTMLElement;
  toolbar: HTMLElement;
  offered: Operations;
  dirty: boolean;
}

function stringRecord(value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, item] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    record[key] = String(item);
  }
  return record;
}

/** Reads the content, defaults and segment limit the preview renders from the form. */
export function previewSource(editor: Editor): PreviewSource {
  const body = nest(editor.form.read().values);
  return {
    content: (body.content ?? {}) as Record<string, unknown>,
    defaults: stringRecord(body.defaults),
    surface: editor.surfaces.find((item) => item.id === body.surfaceId) ?? null,
  };
}

/** Creates or patches the campaign, then reviews a saved draft so its problems show at once. */
export async function save(editor: Editor): Promise<boolean> {
  const { values, problems } = editor.form.read();
  if (problems.length > 0) {
    editor.problems.show(problems, "Fix these fields first");
    return false;
  }
  const version = editor.campaign ? currentVersion(editor.campaign) : null;
  const body = campaignBody(editor.channel, values, version);
  try {
    const saved = editor.campaign
      ? await call<Campaign>("PATCH", `/v1/campaigns/${editor.campaign.id}`, body)
      : await call<Campaign>("POST", "/v1/campaigns", body);
    editor.dirty = false;
    announce("Saved the campaign.");
    if (editor.campaign === null) {
      location.hash = link("campaigns", saved.id);
    } else {
      editor.campaign = saved;
      replaceChildren(editor.toolbar, campaignActions(saved, hooksOf(editor), editor.offered));
      if (saved.draft) {
        await review(saved, hooksOf(editor));
      }
    }
    return true;
  } catch (error) {
    const details = error instanceof ApiError ? error.details : [];
    const message = error instanceof Error ? error.message : String(error);
    editor.problems.show(details.length > 0 ? details : [{ path: "(campaign)", message }], "The campaign was not saved");
    return false;
  }
}

export function hooksOf(editor: Editor): EditorHooks {
  return {
    save: () => save(editor),
    isDirty: () => editor.dirty,
    showProblems: (problems, title) => {
      editor.problems.show(problems, title);
      editor.status.textContent = `${problems.length} ${problems.length === 1 ? "problem" : "problems"} to fix before activation.`;
    },
    showReady: () => {
      editor.problems.clear();
      editor.status.textContent = "Review passed: ready to activate.";
    },
  };
}
