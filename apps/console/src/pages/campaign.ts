import { call } from "../api.ts";
import { campaignActions, review } from "../campaign-actions.ts";
import { type Editor, hooksOf, previewSource, save } from "../campaign-editor.ts";
import { campaignFields, versionValues } from "../campaign-fields.ts";
import { operations } from "../capabilities.ts";
import { append, formatTime, h, replaceChildren, statusBadge } from "../dom.ts";
import { FormProblems } from "../form.ts";
import { PreviewPane } from "../preview-pane.ts";
import { type Route, link, linkWith } from "../router.ts";
import { sampleRequestSection } from "../sample-request.ts";
import { SpecForm } from "../spec-form.ts";
import { CHANNELS, CHANNEL_WORDS, type Campaign, type Channel, type Surface, currentVersion } from "../types.ts";

function heading(campaign: Campaign | null, channel: Channel) {
  if (campaign === null) {
    return h("h1", { tabindex: -1 }, `New ${CHANNEL_WORDS[channel]} campaign`);
  }
  const version = currentVersion(campaign);
  return h("h1", { tabindex: -1 }, version?.title ?? campaign.id, " ", statusBadge(campaign.status));
}

function facts(campaign: Campaign) {
  const version = currentVersion(campaign);
  const items: [string, string][] = [
    ["Campaign id", campaign.id],
    ["Channel", CHANNEL_WORDS[campaign.channel]],
    ["Editing", campaign.draft ? `draft version ${campaign.draft.number}` : `live version ${version?.number ?? ""}`],
    ["Live version", campaign.live ? `${campaign.live.number}, since ${formatTime(campaign.activatedAt)}` : "none"],
  ];
  return h("dl", { class: "facts" }, items.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

/** Builds the editor's form, which saves on submit and refreshes the preview shortly after each change. */
function editorForm(editor: Editor, pane: PreviewPane, locked: boolean): HTMLFormElement {
  const { campaign, channel, form } = editor;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const element = h("form", { class: "card editor", novalidate: true, "aria-label": "Campaign settings and content" });
  element.addEventListener("input", () => {
    editor.dirty = true;
    clearTimeout(timer);
    timer = setTimeout(() => pane.update(previewSource(editor)), 120);
  });
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    void save(editor);
  });
  const label = campaign ? "Save changes" : "Create campaign";
  const saveButton = locked ? null : h("button", { type: "submit", class: campaign ? "" : "primary" }, label);
  const createSurface = h("a", { href: link("surfaces", "new", channel) }, "Create one first.");
  const noSurface =
    editor.surfaces.length === 0 ? h("p", { class: "warning" }, `No ${CHANNEL_WORDS[channel]} surface yet. `, createSurface) : null;
  const fields = h("fieldset", { class: "plain", disabled: locked }, form.elements(...form.fields.keys()));
  append(element, [editor.problems.summary, noSurface, fields, h("div", { class: "actions" }, saveButton)]);
  return element;
}

/** Edits one campaign (`#/campaigns/<id>`) or creates one (`#/campaigns/new/<channel>`), with a live preview. */
export async function campaignPage(route: Route): Promise<HTMLElement> {
  const [, id, newChannel] = route.path;
  const campaign = id === "new" ? null : await call<Campaign>("GET", `/v1/campaigns/${id}`);
  const channel = campaign?.channel ?? (CHANNELS.includes(newChannel as Channel) ? (newChannel as Channel) : "email");
  const [{ items }, offered] = await Promise.all([call<{ items: Surface[] }>("GET", "/v1/surfaces"), operations()]);
  const surfaces = items.filter((surface) => surface.channel === channel);
  const form = new SpecForm(campaignFields(channel, surfaces.map((surface) => surface.id)));
  for (const option of form.get("surfaceId").control.querySelectorAll("option")) {
    option.textContent = surfaces.find((surface) => surface.id === option.value)?.name ?? option.value;
  }
  const version = campaign ? currentVersion(campaign) : null;
  form.fill(version ? versionValues(version) : { createProfiles: true });
  const status = h("p", { class: "review-status", role: "status" });
  const toolbar = h("div", { class: "actions toolbar" });
  const editor: Editor = { campaign, channel, form, problems: new FormProblems(), surfaces, status, toolbar, offered, dirty: false };
  editor.problems.register(...form.fields.values());
  const hooks = hooksOf(editor);
  if (campaign) {
    replaceChildren(toolbar, campaignActions(campaign, hooks, offered));
  }

  const pane = new PreviewPane(channel);
  const closed = campaign?.status === "stopped" || campaign?.status === "archived";
  // A server without PATCH cannot change a campaign after creating it, so the form is read-only.
  const locked = closed || (campaign !== null && !offered.has("PATCH", "/v1/campaigns/{id}"));
  const element = editorForm(editor, pane, locked);
  pane.update(previewSource(editor));

  const page = h(
    "section",
    {},
    h("p", { class: "breadcrumb" }, h("a", { href: "#/campaigns" }, "Campaigns")),
    heading(campaign, channel),
    campaign ? facts(campaign) : null,
    toolbar,
    status,
    closed ? h("p", { class: "note" }, `This campaign is ${campaign?.status}; duplicate it to change the content.`) : null,
    locked && !closed ? h("p", { class: "note" }, "This server cannot change a campaign after it is created.") : null,
    h("div", { class: "editor-layout" }, element, pane.element),
  );
  if (campaign) {
    page.append(await sampleRequestSection(campaign.id));
    page.append(h("p", {}, h("a", { href: linkWith({ campaignId: campaign.id }, "activity") }, "See this campaign's messages")));
    if (campaign.draft && !closed) {
      await review(campaign, hooks);
    }
  }
  return page;
}
