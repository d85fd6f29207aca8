import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { describeRoute } from "../openapi/route-doc.ts";

/** Sends a browser that opens the server's root to the admin console, served as static assets. */
export const consoleRoutes = new Hono<AppEnv>().get(
  "/",
  describeRoute({
    summary: "Open the console",
    description: "Redirects to /console/, the admin console for surfaces, campaigns and messages.",
    tags: ["reference"],
    auth: "public",
    responses: { 302: { description: "Redirect to /console/." } },
  }),
  (c) => c.redirect("/console/", 302),
);
