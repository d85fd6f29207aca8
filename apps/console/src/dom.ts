/** Something `h` can append: nodes, text, and nested lists; empty values are skipped. */
export type Child = Node | string | number | null | undefined | false | Child[];

type AttributeValue = string | number | boolean | null | undefined | EventListener;

/**
 * Creates an element. Attributes named `on…` add event listeners, `true` sets a boolean
 * attribute, `false`, `null` and `undefined` leave it out, and `value` and `checked` are set
 * as properties so form controls show them.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, AttributeValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    setAttribute(element, name, value);
  }
  append(element, children);
  return element;
}

function setAttribute(element: HTMLElement, name: string, value: AttributeValue) {
  if (typeof value === "function") {
    element.addEventListener(name.slice(2).toLowerCase(), value);
  } else if (name === "value" || name === "checked") {
    (element as unknown as Record<string, unknown>)[name] = value ?? "";
  } else if (value === true) {
    element.setAttribute(name, "");
  } else if (value !== false && value !== null && value !== undefined) {
    element.setAttribute(name, String(value));
  }
}

export function append(parent: Node, children: Child[]) {
  for (const child of children) {
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else if (child !== null && child !== undefined && child !== false) {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]) {
  parent.replaceChildren();
  append(parent, children);
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

/** Shows a short message in the page's polite live region, so screen readers read it too. */
export function announce(message: string, kind: "info" | "error" = "info") {
  const toast = document.getElementById("toast");
  if (!toast) {
    return;
  }
  toast.textContent = message;
  toast.dataset.kind = kind;
  toast.classList.add("visible");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => toast.classList.remove("visible"), 6000);
}

/** Formats an ISO instant in the reader's locale and time zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) {
    return "";
  }
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function statusBadge(status: string) {
  return h("span", { class: `badge status-${status}` }, status);
}

/** Wraps a wide table in a scrollable, focusable region so it stays usable on a phone. */
export function tableRegion(label: string, table: HTMLTableElement) {
  return h("div", { class: "table-scroll", role: "region", "aria-label": label, tabindex: 0 }, table);
}
