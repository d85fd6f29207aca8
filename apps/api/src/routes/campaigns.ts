import {
  activateCampaign,
  archiveCampaign,
  createCampaign,
  createCampaignSchema,
  deleteCampaign,
  duplicateCampaign,
  getCampaign,
  getSampleRequest,
  listCampaigns,
  previewCampaign,
  previewRequestSchema,
  reviewCampaignById,
  stopCampaign,
  updateCampaign,
} from "@herald/core";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "../body.ts";
import { requireKey } from "../middleware/auth.ts";
import { previewSchema } from "../openapi/preview-responses.ts";
import { mergePatchSchema } from "../openapi/requests.ts";
import { campaignListSchema, campaignSchema, reviewSchema, sampleRequestSchema } from "../openapi/responses.ts";
import { describeRoute } from "../openapi/route-doc.ts";

const CAMPAIGN_ID = { id: "The campaign id (cmp_…)." };

export const campaignRoutes = new Hono<AppEnv>()
  .post(
    "/",
    describeRoute({
      summary: "Create a campaign",
      description: "Creates an api-triggered campaign as a draft.",
      tags: ["campaigns"],
      auth: { apiKey: "manage" },
      body: createCampaignSchema,
      responses: { 201: { description: "The created draft campaign.", schema: campaignSchema } },
    }),
    requireKey("manage"),
    async (c) => {
      const { campaign } = await createCampaign(c.var.deps, c.var.apiKey.sandboxId, await readJson(c));
      return c.json(await getCampaign(c.var.deps, campaign.sandboxId, campaign.id), 201);
    },
  )
  .get(
    "/",
    describeRoute({
      summary: "List campaigns",
      tags: ["campaigns"],
      auth: { apiKey: "read" },
      responses: { 200: { description: "Every campaign of the key's sandbox.", schema: campaignListSchema } },
    }),
    requireKey("read"),
    async (c) => {
      return c.json({ items: await listCampaigns(c.var.deps, c.var.apiKey.sandboxId) });
    },
  )
  .get(
    "/:id",
    describeRoute({
      summary: "Get a campaign",
      tags: ["campaigns"],
      auth: { apiKey: "read" },
      params: CAMPAIGN_ID,
      responses: { 200: { description: "The campaign with its live and draft versions.", schema: campaignSchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("read"),
    async (c) => {
      return c.json(await getCampaign(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id")));
    },
  )
  .patch(
    "/:id",
    describeRoute({
      summary: "Change a campaign",
      description:
        "Applies a JSON merge patch to the draft version; content and defaults merge member by member. On a live campaign without a draft it creates a new draft version, and the live version keeps sending until the draft is activated.",
      tags: ["campaigns"],
      auth: { apiKey: "manage" },
      params: CAMPAIGN_ID,
      body: mergePatchSchema,
      responses: { 200: { description: "The campaign with its live and draft versions.", schema: campaignSchema } },
      errors: ["NOT_FOUND", "INVALID_STATE", "CONFLICT"],
    }),
    requireKey("manage"),
    async (c) => {
      const body = await readJson(c);
      const campaign = await updateCampaign(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"), body);
      return c.json(await getCampaign(c.var.deps, campaign.sandboxId, campaign.id));
    },
  )
  .delete(
    "/:id",
    describeRoute({
      summary: "Delete a draft campaign",
      description: "Deletes a campaign that was never activated; any other campaign is kept (409).",
      tags: ["campaigns"],
      auth: { apiKey: "manage" },
      params: CAMPAIGN_ID,
      responses: { 204: { description: "Deleted; the response has no body." } },
      errors: ["NOT_FOUND", "INVALID_STATE", "CONFLICT"],
    }),
    requireKey("manage"),
    async (c) => {
      await deleteCampaign(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
      return c.body(null, 204);
    },
  )
  .post(
    "/:id/review",
    describeRoute({
      summary: "Review a campaign",
      description: "Checks the draft and lists every problem that blocks activation.",
      tags: ["campaigns"],
      auth: { apiKey: "manage" },
      params: CAMPAIGN_ID,
      responses: { 200: { description: "Whether the campaign can be activated, and why not.", schema: reviewSchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("manage"),
    async (c) => {
      const { review } = await reviewCampaignById(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
      return c.json({ ready: review.ready, problems: review.problems });
    },
  )
  .post(
    "/:id/activate",
    describeRoute({
      summary: "Activate a campaign",
      description: "Makes the draft live (scheduled while its start date is in the future), or lists the problems.",
      tags: ["campaigns"],
      auth: { apiKey: "manage" },
      params: CAMPAIGN_ID,
      responses: { 200: { description: "The activated campaign.", schema: campaignSchema } },
      errors: ["NOT_FOUND", "INVALID_STATE", "CAMPAIGN_NOT_READY", "CONFLICT"],
    }),
    requireKey("manage"),
    async (c) => {
      const campaign = await activateCampaign(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
      return c.json(await getCampaign(c.var.deps, campaign.sandboxId, campaign.id));
    },
  )
  .post(
    "/:id/preview",
    describeRoute({
      summary: "Preview a campaign",
      description:
        "Renders the draft (or the live version) for a sample profile and context, with warnings for missing variables, SMS encoding and segments, and push payload size.",
      tags: ["campaigns"],
      auth: { apiKey: "read" },
      params: CAMPAIGN_ID,
      body: previewRequestSchema,
      responses: { 200: { description: "Each rendered part and the warnings.", schema: previewSchema } },
      errors: ["NOT_FOUND", "INVALID_STATE"],
    }),
    requireKey("read"),
    async (c) => {
      const body = await readJson(c);
      return c.json(await previewCampaign(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"), body));
    },
  )
  .post(
    "/:id/stop",
    describeRoute({
      summary: "Stop a campaign",
      description: "Stops a live, scheduled or completed campaign for good; later triggers fail with CAMPAIGN_NOT_LIVE.",
      tags: ["campaigns"],
      auth: { apiKey: "manage" },
      params: CAMPAIGN_ID,
      responses: { 200: { description: "The stopped campaign.", schema: campaignSchema } },
      errors: ["NOT_FOUND", "INVALID_STATE", "CONFLICT"],
    }),
    requireKey("manage"),
    async (c) => {
      const campaign = await stopCampaign(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
      return c.json(await getCampaign(c.var.deps, campaign.sandboxId, campaign.id));
    },
  )
  .post(
    "/:id/archive",
    describeRoute({
      summary: "Archive a campaign",
      description: "Archives a stopped or completed campaign.",
      tags: ["campaigns"],
      auth: { apiKey: "manage" },
      params: CAMPAIGN_ID,
      responses: { 200: { description: "The archived campaign.", schema: campaignSchema } },
      errors: ["NOT_FOUND", "INVALID_STATE", "CONFLICT"],
    }),
    requireKey("manage"),
    async (c) => {
      const campaign = await archiveCampaign(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
      return c.json(await getCampaign(c.var.deps, campaign.sandboxId, campaign.id));
    },
  )
  .post(
    "/:id/duplicate",
    describeRoute({
      summary: "Duplicate a campaign",
      description: "Starts a new draft campaign from the latest version (the draft when there is one), in any status.",
      tags: ["campaigns"],
      auth: { apiKey: "manage" },
      params: CAMPAIGN_ID,
      responses: { 201: { description: "The new draft campaign.", schema: campaignSchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("manage"),
    async (c) => {
      const copy = await duplicateCampaign(c.var.deps, c.var.apiKey.sandboxId, c.req.param("id"));
      return c.json(await getCampaign(c.var.deps, copy.sandboxId, copy.id), 201);
    },
  )
  .get(
    "/:id/sample-request",
    describeRoute({
      summary: "Get a sample trigger request",
      description: "A ready cURL command and body that name every variable the campaign's content uses.",
      tags: ["campaigns"],
      auth: { apiKey: "read" },
      params: CAMPAIGN_ID,
      responses: { 200: { description: "The sample request.", schema: sampleRequestSchema } },
      errors: ["NOT_FOUND"],
    }),
    requireKey("read"),
    async (c) => {
      const sample = await getSampleRequest(
        c.var.deps,
        c.var.apiKey.sandboxId,
        c.req.param("id"),
        c.var.publicUrl || new URL(c.req.url).origin,
      );
      return c.json(sample);
    },
  );
