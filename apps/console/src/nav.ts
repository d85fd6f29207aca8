import { h, replaceChildren } from "./dom.ts";
import type { Route } from "./router.ts";
import { apiKey, signOut } from "./session.ts";

const SECTIONS = [
  { section: "campaigns", label: "Campaigns" },
  { section: "surfaces", label: "Surfaces" },
  { section: "activity", label: "Activity" },
];

/** Draws the main navigation, marking the current section for assistive technology. */
export function renderNav(route: Route) {
  const nav = document.getElementById("nav");
  if (!nav) {
    return;
  }
  if (!apiKey()) {
    replaceChildren(nav);
    return;
  }
  const current = route.path[0] === "executions" || route.path[0] === "messages" ? "activity" : (route.path[0] ?? "campaigns");
  const items = SECTIONS.map(({ section, label }) =>
    h("li", {}, h("a", { href: `#/${section}`, "aria-current": section === current ? "page" : null }, label)),
  );
  const reference = h("li", {}, h("a", { href: "/docs" }, "API reference"));
  const leave = h(
    "li",
    {},
    h(
      "button",
      {
        type: "button",
        class: "link-button",
        onclick: () => {
          signOut();
          location.hash = "#/sign-in";
        },
      },
      "Sign out",
    ),
  );
  replaceChildren(nav, h("ul", {}, items, reference, leave));
}
