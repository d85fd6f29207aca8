import { call, query } from "../api.ts";
import { hourlyChart } from "../chart.ts";
import { formatTime, h, replaceChildren, tableRegion } from "../dom.ts";
import { PENDING_STATUSES, messageTable } from "../message-table.ts";
import { type Route, link, linkWith } from "../router.ts";
import { activityFilters } from "../activity-filters.ts";
import { type Campaign, type ExecutionSummary, type HourlyStats, type Page, currentVersion } from "../types.ts";

const FILTER_NAMES = ["status", "campaignId", "executionId", "channel", "userId", "since", "until"];
const REFRESH_MS = 2000;
const REFRESH_LIMIT = 30;

function executionTable(page: Page<ExecutionSummary>, titles: Map<string, string>) {
  const rows = page.items.map((execution) =>
    h(
      "tr",
      {},
      h("td", {}, formatTime(execution.createdAt)),
      h("th", { scope: "row" }, h("a", { href: link("executions", execution.executionId) }, execution.requestId)),
      h("td", {}, titles.get(execution.campaignId) ?? execution.campaignId),
      h("td", {}, execution.recipients),
      h("td", {}, Object.entries(execution.statuses).map(([status, count]) => `${count} ${status}`).join(", ")),
    ),
  );
  const headings = ["Created", "Request id", "Campaign", "Recipients", "Statuses"];
  const table = h(
    "table",
    {},
    h("thead", {}, h("tr", {}, headings.map((label) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, rows),
  );
  return rows.length === 0 ? h("p", { class: "empty" }, "No execution yet.") : tableRegion("Executions", table);
}

/**
 * Shows what happened: messages per hour for the last 24 hours, the messages with their
 * statuses and reasons, and the recent executions, all under the same filters.
 */
export async function activityPage(route: Route): Promise<HTMLElement> {
  const filters = Object.fromEntries([...route.params.entries()].filter(([name]) => FILTER_NAMES.includes(name)));
  const statsQuery = query({ hours: "24", campaignId: filters.campaignId, channel: filters.channel });
  const executionQuery = query({ campaignId: filters.campaignId, limit: "10" });
  const campaigns = await call<{ items: Campaign[] }>("GET", "/v1/campaigns");
  const titles = new Map(campaigns.items.map((campaign) => [campaign.id, currentVersion(campaign)?.title ?? campaign.id]));
  const messages = messageTable(filters, titles);
  // Messages load before the counts. A final status never changes, so when the list has no
  // pending message, counts read after it agree with it and need no refresh.
  await messages.load(true);
  const [stats, executions] = await Promise.all([
    call<HourlyStats>("GET", `/v1/stats/messages-per-hour${statsQuery}`),
    call<Page<ExecutionSummary>>("GET", `/v1/executions${executionQuery}`),
  ]);

  const chartBox = h("div", {}, hourlyChart(stats));
  const executionBox = h("div", {}, executionTable(executions, titles));
  const refreshed = h("p", { class: "hint", role: "status" });
  const refresh = async () => {
    await messages.load(true);
    const [latestStats, latestExecutions] = await Promise.all([
      call<HourlyStats>("GET", `/v1/stats/messages-per-hour${statsQuery}`),
      call<Page<ExecutionSummary>>("GET", `/v1/executions${executionQuery}`),
    ]);
    replaceChildren(chartBox, hourlyChart(latestStats));
    replaceChildren(executionBox, executionTable(latestExecutions, titles));
    refreshed.textContent = `Updated ${new Date().toLocaleTimeString()}.`;
  };
  // Keeps refreshing while a listed message can still change, so a new send reaches its final status on screen.
  let rounds = 0;
  const poll = async () => {
    if (!document.body.contains(chartBox) || !messages.hasPending() || rounds++ >= REFRESH_LIMIT) {
      return;
    }
    await refresh();
    setTimeout(() => void poll(), REFRESH_MS);
  };
  setTimeout(() => void poll(), REFRESH_MS);

  return h(
    "section",
    {},
    h("h1", { tabindex: -1 }, "Activity"),
    h(
      "section",
      { class: "card", "aria-labelledby": "chart-title" },
      h("h2", { id: "chart-title" }, "Messages per hour, last 24 hours"),
      h("p", { class: "hint" }, "Each message counts in the hour it was triggered, under the status it has now."),
      chartBox,
    ),
    activityFilters(filters, campaigns.items, titles),
    h(
      "section",
      { class: "card", "aria-labelledby": "messages-title" },
      h("div", { class: "section-head" }, h("h2", { id: "messages-title" }, "Messages"), h("button", { type: "button", onclick: () => void refresh() }, "Refresh")),
      refreshed,
      messages.element,
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "executions-title" },
      h("h2", { id: "executions-title" }, "Recent executions"),
      executionBox,
      filters.campaignId ? null : h("p", { class: "hint" }, "Filter by campaign to see only its executions."),
    ),
    h("p", {}, h("a", { href: linkWith({ status: PENDING_STATUSES.join(",") }, "activity") }, "Show messages still in progress")),
  );
}
