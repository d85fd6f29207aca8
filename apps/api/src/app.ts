import { HeraldError, memoryRateLimiter } from "@herald/core";
import { type Context, Hono } from "hono";
import type { AppEnv, AppVariables } from "./app-env.ts";
import { errorResponse } from "./errors.ts";
import type { LogWriter } from "./logger.ts";
import { requestContext } from "./middleware/request-context.ts";
import { apiKeyRoutes } from "./routes/api-keys.ts";
import { webhookRoutes } from "./routes/webhooks.ts";
import { campaignRoutes } from "./routes/campaigns.ts";
import { executionListRoutes } from "./routes/execution-list.ts";
import { executionRoutes } from "./routes/executions.ts";
import { messageRoutes } from "./routes/messages.ts";
import { referenceRoutes } from "./routes/reference.ts";
import { profileRoutes } from "./routes/profiles.ts";
import { sandboxRoutes } from "./routes/sandboxes.ts";
import { statsRoutes } from "./routes/stats.ts";
import { surfaceRoutes } from "./routes/surfaces.ts";

export type RuntimeContext = Pick<AppVariables, "deps" | "publicUrl" | "bootstrapToken" | "maxBodyBytes"> &
  Partial<Pick<AppVariables, "rateLimiter" | "defaultRateLimit" | "allowLoopbackWebhooks">>;

/** Requests per API key when neither the key nor the runtime sets a limit. */
export const DEFAULT_RATE_LIMIT = { limit: 600, windowSeconds: 60 };

export interface AppOptions {
  /** The destination of request log lines. Default: console. */
  logWriter?: LogWriter;
}

/**
 * Builds the Hono app. `runtime` supplies the storage, queue and settings for a request, so
 * the same routes run on Workers and on Node.
 */
export function createApp(runtime: (c: Context) => RuntimeContext, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  // Used when the runtime brings no limiter of its own: counts in this process only.
  const localRateLimiter = memoryRateLimiter();
  app.use(requestContext(options.logWriter));
  app.use(async (c, next) => {
    const context = runtime(c);
    c.set("deps", context.deps);
    c.set("publicUrl", context.publicUrl);
    c.set("bootstrapToken", context.bootstrapToken);
    c.set("maxBodyBytes", context.maxBodyBytes);
    c.set("rateLimiter", context.rateLimiter ?? localRateLimiter);
    c.set("defaultRateLimit", context.defaultRateLimit ?? DEFAULT_RATE_LIMIT);
    c.set("allowLoopbackWebhooks", context.allowLoopbackWebhooks ?? false);
    await next();
  });
  app.onError((error, c) => errorResponse(c, error));
  app.notFound((c) => {
    const allowed = allowedMethods(app, c.req.path);
    // A path that serves this very method only missed on a detail such as a trailing slash.
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      c.header("Allow", allowed.join(", "));
      const message = `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(" or ")}`;
      return errorResponse(c, new HeraldError("METHOD_NOT_ALLOWED", message));
    }
    return errorResponse(c, new HeraldError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`));
  });

  const routes = app
    .route("/", referenceRoutes((): Hono<any, any, any> => app))
    .route("/v1/sandboxes", sandboxRoutes)
    .route("/v1/api-keys", apiKeyRoutes)
    .route("/v1/webhooks", webhookRoutes)
    .route("/v1/surfaces", surfaceRoutes)
    .route("/v1/campaigns", campaignRoutes)
    .route("/v1/profiles", profileRoutes)
    .route("/v1/messages", messageRoutes)
    .route("/v1/executions", executionListRoutes)
    .route("/v1/stats", statsRoutes)
    .route("/ajo/im/executions", executionRoutes);
  return routes;
}

/** Lists the methods other routes serve on `path`, for a 405 instead of a 404. */
function allowedMethods(app: Hono<any, any, any>, path: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL" || route.path.includes("*")) {
      continue;
    }
    const pattern = route.path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:[^/]+/g, "[^/]+");
    if (new RegExp(`^${pattern}/?$`).test(path)) {
      methods.add(route.method);
    }
  }
  return [...methods].sort();
}

export type HeraldApp = ReturnType<typeof createApp>;
