/** A console location: `#/campaigns/cmp_1?tab=x` is `{ path: ["campaigns", "cmp_1"], params }`. */
export interface Route {
  path: string[];
  params: URLSearchParams;
}

/** Reads a route from a location hash, or null for a hash that is not a route, such as `#main`. */
export function parseRoute(hash: string): Route | null {
  if (hash === "" || hash === "#") {
    return { path: [], params: new URLSearchParams() };
  }
  if (!hash.startsWith("#/")) {
    return null;
  }
  const [pathPart = "", search = ""] = hash.slice(2).split("?", 2);
  const path = pathPart.split("/").filter((segment) => segment !== "").map(decodeURIComponent);
  return { path, params: new URLSearchParams(search) };
}

/** Builds a hash link: `link("campaigns", id)` is `#/campaigns/<id>`. */
export function link(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join("/")}`;
}

/** Builds a hash link with query parameters, leaving out empty ones. */
export function linkWith(params: Record<string, string | undefined>, ...segments: string[]): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value) {
      search.set(name, value);
    }
  }
  const text = search.toString();
  return text === "" ? link(...segments) : `${link(...segments)}?${text}`;
}
