import { call } from "../api.ts";
import { formatTime, h, statusBadge, tableRegion } from "../dom.ts";
import { link } from "../router.ts";
import { CHANNELS, CHANNEL_NAMES, CHANNEL_WORDS, type Campaign, currentVersion } from "../types.ts";

function campaignRow(campaign: Campaign) {
  const version = currentVersion(campaign);
  const pending = campaign.live && campaign.draft ? h("span", { class: "note" }, " · unpublished changes") : null;
  return h(
    "tr",
    {},
    h("th", { scope: "row" }, h("a", { href: link("campaigns", campaign.id) }, version?.title ?? campaign.id)),
    h("td", {}, CHANNEL_NAMES[campaign.channel]),
    h("td", {}, statusBadge(campaign.status), pending),
    h("td", {}, formatTime(campaign.updatedAt)),
  );
}

/** Lists the sandbox's campaigns with their channel and status. */
export async function campaignsPage(): Promise<HTMLElement> {
  const { items } = await call<{ items: Campaign[] }>("GET", "/v1/campaigns");
  const sorted = [...items].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const table = h(
    "table",
    {},
    h(
      "thead",
      {},
      h("tr", {}, ["Title", "Channel", "Status", "Updated"].map((label) => h("th", { scope: "col" }, label))),
    ),
    h("tbody", {}, sorted.map(campaignRow)),
  );
  const create = h(
    "div",
    { class: "actions" },
    CHANNELS.map((channel) => h("a", { class: "button", href: link("campaigns", "new", channel) }, `New ${CHANNEL_WORDS[channel]} campaign`)),
  );
  return h(
    "section",
    {},
    h("h1", { tabindex: -1 }, "Campaigns"),
    h("p", { class: "lead" }, "API-triggered campaigns: define the content once, then trigger each send with one call."),
    create,
    h(
      "section",
      { class: "card", "aria-label": "All campaigns" },
      items.length === 0 ? h("p", { class: "empty" }, "No campaign yet. Create one above.") : tableRegion("Campaigns", table),
    ),
  );
}
