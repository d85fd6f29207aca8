import { hourlyStatsQuerySchema, messagesPerHour } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { requireKey } from "../middleware/auth.ts";
import { hourlyStatsSchema } from "../openapi/activity-responses.ts";
import { describeRoute } from "../openapi/route-doc.ts";

export const statsRoutes = new Hono<AppEnv>().get(
  "/messages-per-hour",
  describeRoute({
    summary: "Count messages per hour",
    description:
      "Messages per UTC hour and status over the last hours, the current hour last. A message counts in the hour it was created, under its current status.",
    tags: ["messages"],
    auth: { apiKey: "read" },
    query: hourlyStatsQuerySchema,
    responses: { 200: { description: "One bucket per hour.", schema: hourlyStatsSchema } },
  }),
  requireKey("read"),
  async (c) => {
    return c.json(await messagesPerHour(c.var.deps, c.var.apiKey.sandboxId, c.req.query()));
  },
);
