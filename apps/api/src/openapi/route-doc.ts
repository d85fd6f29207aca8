import type { ErrorCode, Scope } from "@herald/core";
import type { MiddlewareHandler } from "hono";
import type * as v from "valibot";
import type { AppEnv } from "../app-env.ts";

/** Who may call a route: a sandbox API key with a scope, the operator's bootstrap token, or anyone. */
export type RouteAuth = { apiKey: Scope } | "bootstrap" | "public";

export interface RouteResponse {
  description: string;
  /** The JSON body. Without it and without `mediaType`, the response has no body. */
  schema?: v.GenericSchema;
  /** A media type other than JSON, e.g. `text/html`, for a body described as a string. */
  mediaType?: string;
}

/** The OpenAPI description of one route, kept next to the route that serves it. */
export interface RouteDoc<TBody extends v.GenericSchema | undefined = v.GenericSchema | undefined> {
  summary: string;
  description?: string;
  tags: string[];
  auth: RouteAuth;
  /** The schema the route's core verb parses the JSON body with. */
  body?: TBody;
  /** The schema the route's core verb parses the query parameters with. */
  query?: v.GenericSchema;
  /** Descriptions of the path parameters, by name. */
  params?: Record<string, string>;
  /** Headers the route reads, by name, with their descriptions. */
  headers?: Record<string, string>;
  responses: Record<number, RouteResponse>;
  /** Error codes the route can return beyond the ones every route or its auth can return. */
  errors?: ErrorCode[];
}

export const ROUTE_DOC = Symbol("herald.routeDoc");

export type DocumentedHandler = MiddlewareHandler & { [ROUTE_DOC]: RouteDoc };

type BodyInput<TBody> = TBody extends v.GenericSchema
  ? { in: { json: v.InferInput<TBody> } }
  : {};

/**
 * Attaches the OpenAPI description to a route. Put it first in the route's handlers; it does
 * nothing at request time. The body schema also types the route's input for the RPC client.
 *
 * @example
 * .post("/", describeRoute({ summary: "Create a surface", tags: ["surfaces"],
 *   auth: { apiKey: "manage" }, body: createSurfaceSchema,
 *   responses: { 201: { description: "The surface", schema: surfaceSchema } } }), handler)
 */
export function describeRoute<TBody extends v.GenericSchema | undefined = undefined>(
  doc: RouteDoc<TBody>,
): MiddlewareHandler<AppEnv, string, BodyInput<TBody>> {
  const handler: MiddlewareHandler<AppEnv, string, BodyInput<TBody>> = async (_c, next) => {
    await next();
  };
  return Object.assign(handler, { [ROUTE_DOC]: doc as RouteDoc });
}

export function routeDocOf(handler: unknown): RouteDoc | undefined {
  if (typeof handler !== "function") {
    return undefined;
  }
  return (handler as Partial<DocumentedHandler>)[ROUTE_DOC];
}
