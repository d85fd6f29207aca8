import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

/**
 * Checks responses against the OpenAPI document the server publishes: the status of a JSON
 * response of a documented route must be listed for that route, and the body must match the
 * schema documented for that status. So every route test that runs against the Node server
 * also checks that the document describes what it got.
 */
export async function responseContract(baseUrl: string) {
  const document = (await (await fetch(new URL("/openapi.json", baseUrl))).json()) as Document;
  // Formats are descriptions here; the routes' own validation decides what a value may be.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ $id: "herald", components: document.components });
  const routes = Object.entries(document.paths).map(([path, item]) => ({
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    literal: !path.includes("{"),
    item,
  }));
  const validators = new Map<string, ValidateFunction>();

  type Documented = { kind: "unknown route" } | { kind: "undocumented status" } | { kind: "schema"; key: string; schema: unknown };

  const lookup = (method: string, path: string, status: number): Documented => {
    // A literal path wins over a templated one, as in the router: /v1/messages/stats over /v1/messages/{id}.
    const matches = routes.filter((route) => route.pattern.test(path)).sort((a, b) => Number(b.literal) - Number(a.literal));
    const operation = matches.map((route) => route.item[method.toLowerCase()]).find((found) => found !== undefined);
    if (operation === undefined) {
      return { kind: "unknown route" };
    }
    const response = operation.responses[String(status)];
    if (response === undefined) {
      return { kind: "undocumented status" };
    }
    const schema = response.content?.["application/json"]?.schema;
    return { kind: "schema", key: `${method} ${matches[0]?.pattern.source} ${status}`, schema };
  };

  return {
    /** Returns the problems of a JSON response, or an empty list when it matches or its route is not documented. */
    check(method: string, path: string, status: number, body: unknown): string[] {
      const documented = lookup(method, path, status);
      if (documented.kind === "unknown route") {
        return [];
      }
      if (documented.kind === "undocumented status") {
        return [`status ${status} is not in the document for this route`];
      }
      if (documented.schema === undefined) {
        return ["the document describes no JSON body for this status"];
      }
      let validate = validators.get(documented.key);
      if (validate === undefined) {
        const resolved = JSON.parse(JSON.stringify(documented.schema).replaceAll('"#/components/', '"herald#/components/'));
        validate = ajv.compile(resolved);
        validators.set(documented.key, validate);
      }
      if (validate(body)) {
        return [];
      }
      return (validate.errors ?? []).map((error) => `${error.instancePath || "(body)"} ${error.message}`);
    },
  };
}
