import {
  activateCampaign,
  createCampaign,
  getCampaign,
  getSampleRequest,
  listCampaigns,
  reviewCampaignById,
} from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "../body.ts";
import { requireKey } from "../middleware/auth.ts";

export const campaignRoutes = new Hono<AppEnv>()
  .post("/", requireKey("manage"), async (c) => {
    const { campaign } = await createCampaign(c.var.deps, c.var.apiKey.sandboxId, await readJson(c));
    return c.json(await getCampaign(c.var.deps, campaign.sandboxId, campaign.id), 201);
  })
  .get("/", requireKey("read"), async (c) => {
    return c.json({ items: await listCampaigns(c.var.deps, c.var.apiKey.sandboxId) });
  })
  .get("/:id", requireKey("read"), async (c) => {
    return c.json(await getCampaign(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id")));
  })
  .post("/:id/review", requireKey("manage"), async (c) => {
    const { review } = await reviewCampaignById(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
    return c.json({ ready: review.ready, problems: review.problems });
  })
  .post("/:id/activate", requireKey("manage"), async (c) => {
    const campaign = await activateCampaign(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
    return c.json(await getCampaign(c.var.deps, campaign.sandboxId, campaign.id));
  })
  .get("/:id/sample-request", requireKey("read"), async (c) => {
    const sample = await getSampleRequest(
      c.var.deps,
      c.var.apiKey.sandboxId,
      c.req.param("id"),
      c.var.publicUrl || new URL(c.req.url).origin,
    );
    return c.json(sample);
  });
