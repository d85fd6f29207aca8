import { call } from "../api.ts";
import { formatTime, h, replaceChildren, statusBadge, tableRegion } from "../dom.ts";
import { PENDING_STATUSES } from "../message-table.ts";
import { type Route, link } from "../router.ts";
import type { Execution } from "../types.ts";

function recipientRows(execution: Execution) {
  return execution.recipients.map((message) =>
    h(
      "tr",
      { "data-message": message.messageId },
      h("th", { scope: "row" }, h("a", { href: link("messages", message.messageId) }, message.userId)),
      h("td", {}, statusBadge(message.status)),
      h("td", { class: "reason" }, message.reason ?? ""),
      h("td", {}, message.attempts),
      h("td", {}, formatTime(message.sentAt)),
    ),
  );
}

/** Shows one execution's recipients with their status and reason, refreshing until each is final. */
export async function executionPage(route: Route): Promise<HTMLElement> {
  const id = route.path[1] ?? "";
  const path = `/v1/executions/${encodeURIComponent(id)}`;
  const execution = await call<Execution>("GET", path);
  const body = h("tbody", {}, recipientRows(execution));
  const headings = ["Recipient", "Status", "Reason", "Attempts", "Sent"];
  const table = h("table", {}, h("thead", {}, h("tr", {}, headings.map((label) => h("th", { scope: "col" }, label)))), body);
  let rounds = 0;
  const poll = async () => {
    const latest = await call<Execution>("GET", path);
    replaceChildren(body, recipientRows(latest));
    const pending = latest.recipients.some((message) => PENDING_STATUSES.includes(message.status));
    if (pending && document.body.contains(body) && rounds++ < 30) {
      setTimeout(() => void poll(), 1000);
    }
  };
  if (execution.recipients.some((message) => PENDING_STATUSES.includes(message.status))) {
    setTimeout(() => void poll(), 1000);
  }
  return h(
    "section",
    {},
    h("p", { class: "breadcrumb" }, h("a", { href: "#/activity" }, "Activity")),
    h("h1", { tabindex: -1 }, `Execution ${execution.requestId}`),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Execution id"),
      h("dd", {}, execution.executionId),
      h("dt", {}, "Campaign"),
      h("dd", {}, h("a", { href: link("campaigns", execution.campaignId) }, execution.campaignId)),
      h("dt", {}, "Triggered"),
      h("dd", {}, formatTime(execution.createdAt)),
    ),
    h("section", { class: "card", "aria-label": "Recipients" }, h("h2", {}, "Recipients"), tableRegion("Recipients", table)),
  );
}
