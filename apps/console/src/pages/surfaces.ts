import { call } from "../api.ts";
import { h, tableRegion } from "../dom.ts";
import { link } from "../router.ts";
import { senderSummary } from "../surface-fields.ts";
import { CHANNELS, CHANNEL_NAMES, CHANNEL_WORDS, type Channel, type Surface } from "../types.ts";

function channelSection(channel: Channel, surfaces: Surface[]) {
  const name = CHANNEL_NAMES[channel];
  const rows = surfaces.map((surface) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, h("a", { href: link("surfaces", surface.id) }, surface.name)),
      h("td", {}, surface.provider),
      h("td", {}, senderSummary(surface)),
    ),
  );
  const table = h(
    "table",
    {},
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Provider"), h("th", { scope: "col" }, "Sender"))),
    h("tbody", {}, rows),
  );
  return h(
    "section",
    { class: "card", "aria-labelledby": `surfaces-${channel}` },
    h(
      "div",
      { class: "section-head" },
      h("h2", { id: `surfaces-${channel}` }, `${name} surfaces`),
      h("a", { class: "button", href: link("surfaces", "new", channel) }, `New ${CHANNEL_WORDS[channel]} surface`),
    ),
    surfaces.length === 0 ? h("p", { class: "empty" }, `No ${CHANNEL_WORDS[channel]} surface yet.`) : tableRegion(`${name} surfaces`, table),
  );
}

/** Lists the sandbox's surfaces, one section per channel. */
export async function surfacesPage(): Promise<HTMLElement> {
  const { items } = await call<{ items: Surface[] }>("GET", "/v1/surfaces");
  return h(
    "section",
    {},
    h("h1", { tabindex: -1 }, "Surfaces"),
    h("p", { class: "lead" }, "A surface holds the sender settings of one channel. Campaigns send through one."),
    CHANNELS.map((channel) => channelSection(channel, items.filter((surface) => surface.channel === channel))),
  );
}
