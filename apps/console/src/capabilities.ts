/** The operations this server documents, as `METHOD /path/{param}` in OpenAPI's path syntax. */
export interface Operations {
  has(method: string, path: string): boolean;
}

let loading: Promise<Operations> | undefined;

async function fetchOperations(): Promise<Operations> {
  try {
    const response = await fetch("/openapi.json");
    if (!response.ok) {
      throw new Error(`openapi.json returned ${response.status}`);
    }
    const document = (await response.json()) as { paths?: Record<string, Record<string, unknown>> };
    const known = new Set<string>();
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const method of Object.keys(item)) {
        known.add(`${method.toUpperCase()} ${path}`);
      }
    }
    return { has: (method, path) => known.has(`${method} ${path}`) };
  } catch {
    // Without the document nothing can be hidden for certain, so every action shows and the
    // server's own error explains a missing one.
    return { has: () => true };
  }
}

/**
 * Loads, once per page load, which operations the server offers, so the console shows a
 * button only for an action the server can carry out.
 */
export function operations(): Promise<Operations> {
  loading ??= fetchOperations();
  return loading;
}
