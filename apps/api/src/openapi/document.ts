import type { ErrorCode } from "@herald/core";
import { toJsonSchema } from "@valibot/to-json-schema";
import type { Hono } from "hono";
import type * as v from "valibot";
import { statusOf } from "../errors.ts";
import { errorEnvelopeSchema } from "./responses.ts";
import { type RouteDoc, routeDocOf } from "./route-doc.ts";

type JsonObject = Record<string, unknown>;

export interface RegisteredRoute {
  method: string;
  path: string;
}

/** Errors any route can return, whatever it does. */
const COMMON_ERRORS: ErrorCode[] = ["INTERNAL"];
const BODY_ERRORS: ErrorCode[] = ["MALFORMED_JSON", "PAYLOAD_TOO_LARGE", "VALIDATION_FAILED"];
const API_KEY_ERRORS: ErrorCode[] = ["UNAUTHORIZED", "FORBIDDEN", "SANDBOX_MISMATCH", "RATE_LIMITED"];

/** Converts a valibot schema to the JSON Schema dialect of OpenAPI 3.1 (draft 2020-12). */
export function jsonSchemaOf(schema: v.GenericSchema, typeMode?: "input"): JsonObject {
  // Trimming, custom checks and transforms have no JSON Schema form, so they are left out.
  // Everything else must convert, and a schema feature the converter lacks fails the test.
  const { $schema: _dialect, ...converted } = toJsonSchema(schema, {
    target: "draft-2020-12",
    typeMode,
    ignoreActions: ["trim", "check", "transform"],
    overrideAction: ({ valibotAction, jsonSchema }) => {
      // Ajv 8 compiles patterns with the `u` flag by default (its unicodeRegExp option), so a
      // pattern that needs only that flag converts as it is. Any other flag still fails.
      const requirement = (valibotAction as { requirement?: unknown }).requirement;
      if (valibotAction.type === "regex" && requirement instanceof RegExp && requirement.flags === "u") {
        return { ...jsonSchema, pattern: requirement.source };
      }
      return undefined;
    },
  }) as JsonObject;
  return converted;
}

/** Lists the (method, path) pairs the app serves, with Hono's `:param` path syntax. */
export function registeredRoutes(app: Hono<any, any, any>): RegisteredRoute[] {
  const seen = new Map<string, RegisteredRoute>();
  for (const route of app.routes) {
    if (route.method === "ALL") {
      continue;
    }
    seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
  }
  return [...seen.values()];
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");
}

function pathParameters(path: string, doc: RouteDoc): JsonObject[] {
  const names = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] as string);
  return names.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
    ...(doc.params?.[name] ? { description: doc.params[name] } : {}),
  }));
}

function headerParameters(doc: RouteDoc): JsonObject[] {
  return Object.entries(doc.headers ?? {}).map(([name, description]) => ({
    name,
    in: "header",
    required: false,
    schema: { type: "string" },
    description,
  }));
}

function queryParameters(doc: RouteDoc): JsonObject[] {
  if (doc.query === undefined) {
    return [];
  }
  // Query parameters arrive as text and are parsed by the schema's pipeline, so the
  // document describes the text a client sends.
  const schema = jsonSchemaOf(doc.query, "input") as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: "query",
      required: schema.required?.includes(name) ?? false,
      schema: rest,
      ...(typeof description === "string" ? { description } : {}),
    };
  });
}

function errorResponses(doc: RouteDoc): JsonObject {
  const codes = new Set<ErrorCode>([...COMMON_ERRORS, ...(doc.errors ?? [])]);
  if (doc.body) {
    BODY_ERRORS.forEach((code) => codes.add(code));
  }
  if (doc.query) {
    codes.add("VALIDATION_FAILED");
  }
  if (doc.auth === "bootstrap") {
    codes.add("UNAUTHORIZED");
  } else if (doc.auth !== "public") {
    API_KEY_ERRORS.forEach((code) => codes.add(code));
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: JsonObject = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `Error codes: ${list.join(", ")}.`,
      headers: { "herald-request-id": { $ref: "#/components/headers/RequestId" } },
      content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorEnvelope" } } },
    };
  }
  return responses;
}

function successResponses(doc: RouteDoc): JsonObject {
  const responses: JsonObject = {};
  for (const [status, response] of Object.entries(doc.responses)) {
    const headers = { "herald-request-id": { $ref: "#/components/headers/RequestId" } };
    if (response.schema === undefined && response.mediaType === undefined) {
      responses[status] = { description: response.description, headers };
      continue;
    }
    const mediaType = response.mediaType ?? "application/json";
    const schema = response.schema ? jsonSchemaOf(response.schema) : { type: "string" };
    responses[status] = { description: response.description, headers, content: { [mediaType]: { schema } } };
  }
  return responses;
}

function security(doc: RouteDoc): JsonObject[] {
  if (doc.auth === "public") {
    return [];
  }
  return [doc.auth === "bootstrap" ? { bootstrapToken: [] } : { apiKey: [] }];
}

function scopeNote(doc: RouteDoc): string {
  return typeof doc.auth === "object" ? `Needs an API key with the \`${doc.auth.apiKey}\` scope.` : "";
}

/** Names an operation after its method and path words: `POST /v1/campaigns/:id/review` is `postV1CampaignsIdReview`. */
function operationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  return method.toLowerCase() + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
}

function operation(method: string, path: string, doc: RouteDoc): JsonObject {
  const description = [doc.description, scopeNote(doc)].filter(Boolean).join("\n\n");
  const parameters = [...pathParameters(path, doc), ...queryParameters(doc), ...headerParameters(doc)];
  return {
    operationId: operationId(method, path),
    summary: doc.summary,
    ...(description ? { description } : {}),
    tags: doc.tags,
    security: security(doc),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body
      ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchemaOf(doc.body, "input") } } } }
      : {}),
    responses: { ...successResponses(doc), ...errorResponses(doc) },
  };
}

/**
 * Builds the OpenAPI 3.1 document from the descriptions attached to the app's routes with
 * `describeRoute`. A route registered without one is left out, which the document test reports.
 */
export function buildOpenApiDocument(app: Hono<any, any, any>, info: { version: string }): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of app.routes) {
    const doc = routeDocOf(route.handler);
    if (route.method === "ALL" || doc === undefined) {
      continue;
    }
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route.method, route.path, doc) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Herald API",
      version: info.version,
      description:
        "API-triggered messaging campaigns. Every non-2xx response is an ErrorEnvelope, and every response carries its request id in the herald-request-id header.",
    },
    paths,
    components: {
      schemas: { ErrorEnvelope: jsonSchemaOf(errorEnvelopeSchema) },
      headers: {
        RequestId: { description: "The id of this request, as in error bodies.", schema: { type: "string" } },
      },
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A sandbox API key: Authorization: Bearer <api key>." },
        bootstrapToken: {
          type: "http",
          scheme: "bearer",
          description: "The operator's HERALD_BOOTSTRAP_TOKEN, only for creating sandboxes.",
        },
      },
    },
  };
}
