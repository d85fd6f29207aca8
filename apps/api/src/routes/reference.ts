import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { docsPage } from "../openapi/docs-page.ts";
import { buildOpenApiDocument } from "../openapi/document.ts";
import { healthSchema, openApiDocumentSchema } from "../openapi/responses.ts";
import { describeRoute } from "../openapi/route-doc.ts";

export const API_VERSION = "1.0.0";

/**
 * Builds the health check, the OpenAPI document and its reference page. `documentedApp`
 * returns the whole app, so the document also covers routes mounted after these ones.
 */
export function referenceRoutes(documentedApp: () => Hono<any, any, any>) {
  let document: Record<string, unknown> | undefined;
  return new Hono<AppEnv>()
    .get(
      "/health",
      describeRoute({
        summary: "Check health",
        tags: ["reference"],
        auth: "public",
        responses: { 200: { description: "The server is up.", schema: healthSchema } },
      }),
      (c) => c.json({ status: "ok" as const }),
    )
    .get(
      "/openapi.json",
      describeRoute({
        summary: "Get the OpenAPI document",
        description: "This API as an OpenAPI 3.1 document, generated from the schemas the routes validate with.",
        tags: ["reference"],
        auth: "public",
        responses: { 200: { description: "The OpenAPI 3.1 document.", schema: openApiDocumentSchema } },
      }),
      (c) => {
        document ??= buildOpenApiDocument(documentedApp(), { version: API_VERSION });
        return c.json(document);
      },
    )
    .get(
      "/docs",
      describeRoute({
        summary: "Browse the API reference",
        description: "An interactive page that renders /openapi.json and sends requests from the browser.",
        tags: ["reference"],
        auth: "public",
        responses: { 200: { description: "The reference page.", mediaType: "text/html" } },
      }),
      (c) => c.html(docsPage()),
    );
}
