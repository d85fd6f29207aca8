import type { CampaignContent } from "@herald/core";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sandboxes } from "./sandboxes.ts";

export const campaigns = sqliteTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    sandboxId: text("sandbox_id")
      .notNull()
      .references(() => sandboxes.id),
    channel: text("channel", { enum: ["email", "sms", "push"] }).notNull(),
    status: text("status", { enum: ["draft", "live", "stopped", "archived"] }).notNull(),
    liveVersionId: text("live_version_id"),
    draftVersionId: text("draft_version_id"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    activatedAt: text("activated_at"),
  },
  (table) => [index("campaigns_sandbox_id_idx").on(table.sandboxId)],
);

export const campaignVersions = sqliteTable(
  "campaign_versions",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    surfaceId: text("surface_id").notNull(),
    namespace: text("namespace").notNull(),
    createProfiles: integer("create_profiles", { mode: "boolean" }).notNull(),
    startAt: text("start_at"),
    endAt: text("end_at"),
    content: text("content", { mode: "json" }).$type<CampaignContent>().notNull(),
    defaults: text("defaults", { mode: "json" }).$type<Record<string, string>>().notNull(),
    variables: text("variables", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [uniqueIndex("campaign_versions_campaign_id_number_idx").on(table.campaignId, table.number)],
);
