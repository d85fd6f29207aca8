import { ApiError, call } from "./api.ts";
import type { Operations } from "./capabilities.ts";
import { announce, h } from "./dom.ts";
import { link } from "./router.ts";
import type { Campaign, ReviewProblem } from "./types.ts";

/** The editor functions the campaign actions call. */
export interface EditorHooks {
  /** Saves unsaved edits; returns false when they could not be saved. */
  save(): Promise<boolean>;
  isDirty(): boolean;
  showProblems(problems: ReviewProblem[], title: string): void;
  showReady(): void;
}

function reload() {
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}

async function run(label: string, action: () => Promise<void>) {
  try {
    await action();
  } catch (error) {
    announce(`${label} failed: ${error instanceof Error ? error.message : String(error)}`, "error");
  }
}

/** Reviews the draft and shows its problems beside the fields. */
export async function review(campaign: Campaign, hooks: EditorHooks) {
  const result = await call<{ ready: boolean; problems: ReviewProblem[] }>("POST", `/v1/campaigns/${campaign.id}/review`);
  if (result.ready) {
    hooks.showReady();
  } else {
    hooks.showProblems(result.problems, "Review found problems");
  }
  return result.ready;
}

async function activate(campaign: Campaign, hooks: EditorHooks) {
  if (hooks.isDirty() && !(await hooks.save())) {
    return;
  }
  try {
    const live = await call<Campaign>("POST", `/v1/campaigns/${campaign.id}/activate`);
    announce(live.status === "scheduled" ? "The campaign is scheduled." : "The campaign is live.");
    reload();
  } catch (error) {
    if (error instanceof ApiError && error.code === "CAMPAIGN_NOT_READY") {
      hooks.showProblems(error.details as ReviewProblem[], "The campaign cannot be activated yet");
      return;
    }
    throw error;
  }
}

async function transition(campaign: Campaign, action: "stop" | "archive", message: string) {
  await call<Campaign>("POST", `/v1/campaigns/${campaign.id}/${action}`);
  announce(message);
  reload();
}

async function duplicate(campaign: Campaign) {
  const copy = await call<Campaign>("POST", `/v1/campaigns/${campaign.id}/duplicate`);
  announce("Created a copy as a new draft.");
  location.hash = link("campaigns", copy.id);
}

async function remove(campaign: Campaign) {
  await call("DELETE", `/v1/campaigns/${campaign.id}`);
  announce("Deleted the draft campaign.");
  location.hash = "#/campaigns";
}

function button(label: string, onClick: () => Promise<void>, kind = "") {
  return h("button", { type: "button", class: kind, onclick: () => void run(label, onClick) }, label);
}

/**
 * Builds the buttons the campaign's status allows and the server offers: stop only while
 * live, scheduled or completed, archive only once stopped or completed, delete only a
 * never-activated draft.
 */
export function campaignActions(campaign: Campaign, hooks: EditorHooks, offered: Operations): HTMLElement[] {
  const status = campaign.status;
  const editable = status !== "stopped" && status !== "archived";
  const can = (method: string, action: string) => offered.has(method, `/v1/campaigns/{id}${action}`);
  const buttons: HTMLElement[] = [];
  if (editable && campaign.draft) {
    buttons.push(button("Review", async () => void (await review(campaign, hooks))));
    buttons.push(button(campaign.live ? "Activate changes" : "Activate", () => activate(campaign, hooks), "primary"));
  }
  if ((status === "live" || status === "scheduled" || status === "completed") && can("POST", "/stop")) {
    const stop = () => {
      const confirmed = confirm("Stop this campaign? Triggers are rejected from now on, and a stopped campaign cannot go live again.");
      return confirmed ? transition(campaign, "stop", "The campaign is stopped.") : Promise.resolve();
    };
    buttons.push(button("Stop", stop, "danger"));
  }
  if ((status === "stopped" || status === "completed") && can("POST", "/archive")) {
    buttons.push(button("Archive", () => transition(campaign, "archive", "The campaign is archived.")));
  }
  if (can("POST", "/duplicate")) {
    buttons.push(button("Duplicate", () => duplicate(campaign)));
  }
  if (status === "draft" && can("DELETE", "")) {
    const erase = () => (confirm("Delete this draft campaign?") ? remove(campaign) : Promise.resolve());
    buttons.push(button("Delete", erase, "danger"));
  }
  return buttons;
}
