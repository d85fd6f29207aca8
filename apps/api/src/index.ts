export { type AppOptions, DEFAULT_RATE_LIMIT, type HeraldApp, type RuntimeContext, createApp } from "./app.ts";
export { type LogLevel, type LogWriter, consoleLogWriter, jsonLogger } from "./logger.ts";
export { buildOpenApiDocument, registeredRoutes } from "./openapi/document.ts";
