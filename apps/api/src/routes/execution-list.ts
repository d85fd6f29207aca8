import { executionQuerySchema, getExecution, listExecutions } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { requireKey } from "../middleware/auth.ts";
import { executionListSchema } from "../openapi/activity-responses.ts";
import { executionSchema } from "../openapi/responses.ts";
import { describeRoute } from "../openapi/route-doc.ts";

/** Executions as a management resource. Triggering stays on AJO's path. */
export const executionListRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      summary: "List executions",
      description: "Trigger calls newest first, each with its recipient count per status.",
      tags: ["executions"],
      auth: { apiKey: "read" },
      query: executionQuerySchema,
      responses: { 200: { description: "One page of executions.", schema: executionListSchema } },
    }),
    requireKey("read"),
    async (c) => {
      return c.json(await listExecutions(c.var.deps, c.var.apiKey.sandboxId, c.req.query()));
    },
  )
  .get(
    "/:id",
    describeRoute({
      summary: "Get an execution by id",
      description: "The same body as GET /ajo/im/executions/{executionId}.",
      tags: ["executions"],
      auth: { apiKey: "read" },
      params: { id: "The execution id (exe_…) from the trigger response." },
      responses: { 200: { description: "The execution.", schema: executionSchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("read"),
    async (c) => {
      return c.json(await getExecution(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id")));
    },
  );
