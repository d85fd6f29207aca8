import { ApiError } from "./api.ts";
import { h, replaceChildren } from "./dom.ts";
import { renderNav } from "./nav.ts";
import { activityPage } from "./pages/activity.ts";
import { campaignPage } from "./pages/campaign.ts";
import { campaignsPage } from "./pages/campaigns.ts";
import { executionPage } from "./pages/execution.ts";
import { messagePage } from "./pages/message.ts";
import { signInPage } from "./pages/sign-in.ts";
import { surfacePage } from "./pages/surface.ts";
import { surfacesPage } from "./pages/surfaces.ts";
import { type Route, parseRoute } from "./router.ts";
import { apiKey } from "./session.ts";

type Page = (route: Route) => Promise<HTMLElement>;

/** Picks the page for a route; `null` means the route needs no API key. */
function pageFor(route: Route): { page: Page; needsKey: boolean } {
  const [section, id] = route.path;
  switch (section) {
    case "sign-in":
      return { page: signInPage, needsKey: false };
    case "surfaces":
      return { page: id ? surfacePage : surfacesPage, needsKey: true };
    case "activity":
      return { page: activityPage, needsKey: true };
    case "executions":
      return { page: executionPage, needsKey: true };
    case "messages":
      return { page: messagePage, needsKey: true };
    case "campaigns":
      return { page: id ? campaignPage : campaignsPage, needsKey: true };
    default:
      return { page: campaignsPage, needsKey: true };
  }
}

function failurePage(error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  const status = error instanceof ApiError ? ` (${error.status} ${error.code})` : "";
  return h(
    "section",
    {},
    h("h1", { tabindex: -1 }, "Something went wrong"),
    h("p", { class: "error-text" }, `${message}${status}`),
    h("p", {}, h("a", { href: "#/campaigns" }, "Back to campaigns")),
  );
}

let renderCount = 0;

async function render() {
  const route = parseRoute(location.hash);
  if (route === null) {
    return;
  }
  const { page, needsKey } = pageFor(route);
  if (needsKey && !apiKey()) {
    location.replace("#/sign-in");
    return;
  }
  const current = ++renderCount;
  const main = document.getElementById("main") as HTMLElement;
  main.setAttribute("aria-busy", "true");
  let content: HTMLElement;
  try {
    content = await page(route);
  } catch (error) {
    content = failurePage(error);
  }
  if (current !== renderCount) {
    return;
  }
  renderNav(route);
  replaceChildren(main, content);
  main.removeAttribute("aria-busy");
  const heading = main.querySelector<HTMLElement>("h1");
  document.title = heading ? `${heading.textContent} · Herald` : "Herald console";
  heading?.focus();
}

window.addEventListener("hashchange", () => void render());
void render();
