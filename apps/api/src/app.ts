import { HeraldError } from "@herald/core";
import { type Context, Hono } from "hono";
import type { AppEnv, AppVariables } from "./app-env.ts";
import { errorResponse } from "./errors.ts";
import { requestContext } from "./middleware/request-context.ts";
import { apiKeyRoutes } from "./routes/api-keys.ts";
import { campaignRoutes } from "./routes/campaigns.ts";
import { executionListRoutes } from "./routes/execution-list.ts";
import { executionRoutes } from "./routes/executions.ts";
import { messageRoutes } from "./routes/messages.ts";
import { referenceRoutes } from "./routes/reference.ts";
import { sandboxRoutes } from "./routes/sandboxes.ts";
import { statsRoutes } from "./routes/stats.ts";
import { surfaceRoutes } from "./routes/surfaces.ts";

export type RuntimeContext = Pick<AppVariables, "deps" | "publicUrl" | "bootstrapToken" | "maxBodyBytes">;

/**
 * Builds the Hono app. `runtime` supplies the storage, queue and settings for a request, so
 * the same routes run on Workers and on Node.
 */
export function createApp(runtime: (c: Context) => RuntimeContext) {
  const app = new Hono<AppEnv>();
  app.use(requestContext());
  app.use(async (c, next) => {
    const context = runtime(c);
    c.set("deps", context.deps);
    c.set("publicUrl", context.publicUrl);
    c.set("bootstrapToken", context.bootstrapToken);
    c.set("maxBodyBytes", context.maxBodyBytes);
    await next();
  });
  app.onError((error, c) => errorResponse(c, error));
  app.notFound((c) =>
    errorResponse(c, new HeraldError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`)),
  );

  const routes = app
    .route("/", referenceRoutes((): Hono<any, any, any> => app))
    .route("/v1/sandboxes", sandboxRoutes)
    .route("/v1/api-keys", apiKeyRoutes)
    .route("/v1/surfaces", surfaceRoutes)
    .route("/v1/campaigns", campaignRoutes)
    .route("/v1/messages", messageRoutes)
    .route("/v1/executions", executionListRoutes)
    .route("/v1/stats", statsRoutes)
    .route("/ajo/im/executions", executionRoutes);
  return routes;
}

export type HeraldApp = ReturnType<typeof createApp>;
