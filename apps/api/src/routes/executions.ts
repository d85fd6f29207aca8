import { getExecution, triggerExecution } from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "../body.ts";
import { requireKey } from "../middleware/auth.ts";

/** AJO's execution API for API-triggered campaigns, served under the same paths. */
export const executionRoutes = new Hono<AppEnv>()
  .post("/unitary", requireKey("trigger"), async (c) => {
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
  })
  .get("/:executionId", requireKey("read"), async (c) => {
    return c.json(await getExecution(c.var.deps, c.var.apiKey.sandboxId, c.req.param("executionId")));
  });
