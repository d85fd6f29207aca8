import { h } from "./dom.ts";
import { field } from "./form.ts";
import { fromLocalInput, toLocalInput } from "./local-time.ts";
import { linkWith } from "./router.ts";
import type { Campaign } from "./types.ts";

const STATUS_CHOICES: [string, string][] = [
  ["", "Any status"],
  ["failed,skipped,unknown", "Failed, skipped or unknown"],
  ["queued,sending,retrying", "In progress"],
  ["sent,delivered", "Sent or delivered"],
  ...["queued", "sending", "retrying", "sent", "delivered", "failed", "skipped", "unknown"].map(
    (status): [string, string] => [status, status],
  ),
];

function select(name: string, choices: [string, string][], current: string | undefined) {
  return h(
    "select",
    { name },
    choices.map(([value, label]) => h("option", { value, selected: value === (current ?? "") }, label)),
  );
}

/** Builds the filter form of the activity page. Applying it changes the page's address, so a filtered view can be shared. */
export function activityFilters(filters: Record<string, string>, campaigns: Campaign[], titles: Map<string, string>) {
  const status = select("status", STATUS_CHOICES, filters.status);
  const campaign = select(
    "campaignId",
    [["", "Any campaign"], ...campaigns.map((item): [string, string] => [item.id, titles.get(item.id) ?? item.id])],
    filters.campaignId,
  );
  const channel = select("channel", [["", "Any channel"], ["email", "email"], ["sms", "SMS"], ["push", "push"]], filters.channel);
  const userId = h("input", { type: "text", name: "userId", value: filters.userId ?? "", autocomplete: "off" });
  const since = h("input", { type: "datetime-local", name: "since", value: filters.since ? toLocalInput(filters.since) : "" });
  const form = h(
    "form",
    { class: "card filters", "aria-label": "Filter messages" },
    field("Status", status).element,
    field("Campaign", campaign).element,
    field("Channel", channel).element,
    field("Recipient user id", userId).element,
    field("Created since", since).element,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Apply filters"), h("a", { href: "#/activity" }, "Clear")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = linkWith(
      {
        status: status.value,
        campaignId: campaign.value,
        channel: channel.value,
        userId: userId.value.trim(),
        since: since.value ? fromLocalInput(since.value) : undefined,
      },
      "activity",
    );
  });
  return form;
}
