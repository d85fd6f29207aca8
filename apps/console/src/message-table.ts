import { call, query } from "./api.ts";
import { formatTime, h, statusBadge, tableRegion } from "./dom.ts";
import { link } from "./router.ts";
import type { Message, Page } from "./types.ts";

/** Statuses a message can still leave; a list showing one refreshes itself. */
export const PENDING_STATUSES = ["queued", "sending", "retrying"];

function row(message: Message, titles: Map<string, string>) {
  return h(
    "tr",
    { "data-message": message.messageId },
    h("td", {}, formatTime(message.createdAt)),
    h("th", { scope: "row" }, h("a", { href: link("messages", message.messageId) }, message.userId)),
    h("td", {}, titles.get(message.campaignId) ?? message.campaignId),
    h("td", {}, message.channel),
    h("td", {}, statusBadge(message.status)),
    h("td", { class: "reason" }, message.reason ?? ""),
    h("td", {}, message.attempts),
  );
}

/**
 * Builds a table of messages with a "Load more" button that follows `nextCursor`. `titles`
 * maps campaign ids to the titles shown.
 */
export function messageTable(filters: Record<string, string | undefined>, titles: Map<string, string>) {
  const body = h("tbody");
  const more = h("button", { type: "button", hidden: true }, "Load more messages");
  const empty = h("p", { class: "empty", hidden: true }, "No message matches these filters.");
  let cursor: string | undefined;
  const pending = new Set<string>();

  async function load(reset: boolean) {
    const page = await call<Page<Message>>("GET", `/v1/messages${query({ ...filters, cursor: reset ? undefined : cursor })}`);
    if (reset) {
      body.replaceChildren();
      pending.clear();
    }
    for (const message of page.items) {
      body.append(row(message, titles));
      if (PENDING_STATUSES.includes(message.status)) {
        pending.add(message.messageId);
      }
    }
    cursor = page.nextCursor ?? undefined;
    more.hidden = page.nextCursor === null;
    empty.hidden = body.childElementCount > 0;
  }

  more.addEventListener("click", () => void load(false));
  const headings = ["Created", "Recipient", "Campaign", "Channel", "Status", "Reason", "Attempts"];
  const table = h(
    "table",
    { class: "messages" },
    h("thead", {}, h("tr", {}, headings.map((label) => h("th", { scope: "col" }, label)))),
    body,
  );
  return {
    element: h("div", {}, tableRegion("Messages", table), empty, more),
    load,
    hasPending: () => pending.size > 0,
  };
}
