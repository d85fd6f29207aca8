import { getExecution, triggerExecution, triggerRequestSchema } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "../body.ts";
import { requireKey } from "../middleware/auth.ts";
import { executionSchema, triggerResponseSchema } from "../openapi/responses.ts";
import { describeRoute } from "../openapi/route-doc.ts";

/** AJO's execution API for API-triggered campaigns, served under the same paths. */
export const executionRoutes = new Hono<AppEnv>()
  .post(
    "/unitary",
    describeRoute({
      summary: "Trigger a campaign",
      description:
        "AJO's unitary execution: sends a live campaign to 1-20 recipients with per-recipient context. The call is atomic, and the same requestId with the same body within 24 h replays the first response.",
      tags: ["executions"],
      auth: { apiKey: "trigger" },
      body: triggerRequestSchema(),
      headers: {
        "idempotency-key": "A second idempotency key besides the body's requestId: a call repeating either one replays.",
        "x-request-id": "Read like Idempotency-Key, as AJO clients send it.",
        "x-sandbox-name": "When sent, must name the API key's sandbox.",
      },
      responses: { 202: { description: "Accepted: one queued message per recipient.", schema: triggerResponseSchema } },
      errors: [
        "CAMPAIGN_NOT_FOUND",
        "CAMPAIGN_NOT_LIVE",
        "CAMPAIGN_NOT_STARTED",
        "CAMPAIGN_ENDED",
        "RECIPIENTS_REJECTED",
        "IDEMPOTENCY_CONFLICT",
        "REQUEST_IN_PROGRESS",
        "QUEUE_UNAVAILABLE",
      ],
    }),
    requireKey("trigger"),
    async (c) => {
      const body = await readJson(c);
      const headerKey = c.req.header("idempotency-key") ?? c.req.header("x-request-id");
      const { response, replayed } = await triggerExecution(
        c.var.deps,
        c.var.apiKey.sandboxId,
        body,
        headerKey?.trim() || undefined,
      );
      if (replayed) {
        c.header("Idempotent-Replayed", "true");
      }
      return c.json(response, 202);
    },
  )
  .get(
    "/:executionId",
    describeRoute({
      summary: "Get an execution",
      description: "The execution and each recipient's current status and reason.",
      tags: ["executions"],
      auth: { apiKey: "read" },
      params: { executionId: "The execution id (exe_…) from the trigger response." },
      responses: { 200: { description: "The execution.", schema: executionSchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("read"),
    async (c) => {
      return c.json(await getExecution(c.var.deps, c.var.apiKey.sandboxId, c.req.param("executionId")));
    },
  );
