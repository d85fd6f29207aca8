export { DEFAULT_RATE_LIMIT, type HeraldApp, type RuntimeContext, createApp } from "./app.ts";
export { jsonLogger } from "./logger.ts";
export { buildOpenApiDocument, registeredRoutes } from "./openapi/document.ts";
