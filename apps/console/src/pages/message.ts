import { call } from "../api.ts";
import { type Child, formatTime, h, statusBadge } from "../dom.ts";
import { type Route, link } from "../router.ts";
import type { Message } from "../types.ts";

type RenderedMessage = Record<string, unknown> & { channel?: string };

function renderedView(rendered: RenderedMessage | null): Child {
  if (rendered === null) {
    return h("p", { class: "hint" }, "This provider does not keep a copy of what it sent.");
  }
  const parts: Child[] = [];
  for (const [key, value] of Object.entries(rendered)) {
    if (key === "channel" || value === undefined) {
      continue;
    }
    const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
    const body =
      key === "html"
        ? h("iframe", { class: "html-preview", title: "HTML body as sent", sandbox: "", srcdoc: text })
        : h("pre", { class: "rendered" }, text);
    parts.push(h("div", { class: "part" }, h("h3", {}, key), body));
  }
  return parts;
}

/** Shows one message: its status, reason and attempts, and what the outbox stored for it. */
export async function messagePage(route: Route): Promise<HTMLElement> {
  const id = route.path[1] ?? "";
  const message = await call<Message & { rendered: RenderedMessage | null }>("GET", `/v1/messages/${encodeURIComponent(id)}`);
  const facts: [string, Child][] = [
    ["Status", statusBadge(message.status)],
    ["Reason", message.reason ?? "none"],
    ["Attempts", String(message.attempts)],
    ["Channel", message.channel],
    ["Created", formatTime(message.createdAt)],
    ["Sent", formatTime(message.sentAt) || "not yet"],
    ["Execution", h("a", { href: link("executions", message.executionId) }, message.executionId)],
    ["Campaign", h("a", { href: link("campaigns", message.campaignId) }, message.campaignId)],
  ];
  if (message.segments !== null) {
    facts.push(["SMS segments", String(message.segments)]);
  }
  return h(
    "section",
    {},
    h("p", { class: "breadcrumb" }, h("a", { href: "#/activity" }, "Activity")),
    h("h1", { tabindex: -1 }, `Message to ${message.userId}`),
    h("dl", { class: "facts" }, facts.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
    h("section", { class: "card", "aria-label": "Rendered content" }, h("h2", {}, "Rendered content"), renderedView(message.rendered)),
  );
}
