import { Validator } from "@seriousme/openapi-schema-validator";
import { createApp, registeredRoutes } from "@herald/api";
import { describe, expect, it } from "vitest";

// The document and the page do not touch storage, so a runtime without one is enough here.
const app = createApp(() => ({ deps: undefined as never, publicUrl: "", bootstrapToken: undefined, maxBodyBytes: 0 }));

async function fetchDocument() {
  const response = await app.request("/openapi.json");
  expect(response.status).toBe(200);
  return (await response.json()) as { paths: Record<string, Record<string, any>> };
}

function openApiPath(path: string) {
  return path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

describe("openapi document", () => {
  it("validates against the OpenAPI 3.1 schema", async () => {
    const document = await fetchDocument();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(validator.version).toBe("3.1");
    expect(result.valid).toBe(true);
  });

  it("documents every registered route", async () => {
    const document = await fetchDocument();
    const routes = registeredRoutes(app);
    expect(routes.length).toBeGreaterThan(5);
    const missing = routes.filter(
      (route) => document.paths[openApiPath(route.path)]?.[route.method.toLowerCase()] === undefined,
    );
    expect(missing, "add describeRoute(...) as the first handler of these routes").toEqual([]);
  });

  it("documents the error envelope on every operation", async () => {
    const document = await fetchDocument();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const errors = Object.entries(operation.responses as Record<string, any>).filter(([status]) => Number(status) >= 400);
        expect(errors.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [status, response] of errors) {
          const schema = response.content["application/json"].schema;
          expect(schema, `${method} ${path} ${status}`).toEqual({ $ref: "#/components/schemas/ErrorEnvelope" });
        }
      }
    }
  });

  it("describes the trigger body from its validation schema", async () => {
    const document = await fetchDocument();
    const operation = document.paths["/ajo/im/executions/unitary"]?.post;
    const schema = operation.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(["requestId", "campaignId", "recipients"]);
    expect(schema.properties.recipients.maxItems).toBe(20);
    expect(schema.properties.recipients.items.properties.type.enum).toEqual(["aep", "external"]);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["202", "400", "401", "404", "409", "422"]));
  });

  it("describes path parameters", async () => {
    const document = await fetchDocument();
    const operation = document.paths["/v1/campaigns/{id}/activate"]?.post;
    expect(operation.parameters).toEqual([expect.objectContaining({ name: "id", in: "path", required: true })]);
  });

  it("describes query parameters of the lists", async () => {
    const document = await fetchDocument();
    const parameters = document.paths["/v1/messages"]?.get.parameters as { name: string; in: string }[];
    const names = parameters.filter((parameter) => parameter.in === "query").map((parameter) => parameter.name);
    expect(names).toEqual(["status", "campaignId", "executionId", "channel", "userId", "limit", "cursor", "since", "until"]);
  });

  it("serves a self-contained reference page", async () => {
    const response = await app.request("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('fetch("openapi.json")');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/);
  });
});
