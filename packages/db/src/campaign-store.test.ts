import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Campaign, type CampaignVersion, type Store, type Surface, issueApiKey, newId } from "@herald/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "./index.ts";
import { migrateLibsql, openLibsqlDatabase } from "./libsql.ts";

const dir = mkdtempSync(join(tmpdir(), "herald-campaigns-"));
let store: Store;
let close: () => void;
const now = "2026-01-01T00:00:00.000Z";
const sandbox = { id: newId("sbx"), name: "campaign-store", createdAt: now };
const surface: Surface = {
  id: newId("srf"),
  sandboxId: sandbox.id,
  channel: "sms",
  name: "Codes",
  provider: "outbox",
  settings: { sender: "Herald" },
  createdAt: now,
  updatedAt: now,
};

function draft(): { campaign: Campaign; version: CampaignVersion } {
  const campaignId = newId("cmp");
  const version: CampaignVersion = {
    id: newId("cv"),
    campaignId,
    number: 1,
    title: "Code",
    description: null,
    surfaceId: surface.id,
    namespace: "phone",
    createProfiles: false,
    startAt: null,
    endAt: null,
    content: { body: "Code {{context.code}}" },
    defaults: {},
    variables: [],
    createdAt: now,
  };
  const campaign: Campaign = {
    id: campaignId,
    sandboxId: sandbox.id,
    channel: "sms",
    status: "draft",
    liveVersionId: null,
    draftVersionId: version.id,
    createdAt: now,
    updatedAt: now,
    activatedAt: null,
  };
  return { campaign, version };
}

beforeAll(async () => {
  const { db, client } = await openLibsqlDatabase(`file:${join(dir, "herald.db")}`);
  await migrateLibsql(db);
  store = createStore(db);
  close = () => client.close();
  const { record } = await issueApiKey(sandbox, "default", ["manage"], now);
  await store.createSandbox(sandbox, record);
  await store.createSurface(surface);
});

afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe("campaign store drafts", () => {
  it("updates a draft while the campaign is unchanged", async () => {
    const { campaign, version } = draft();
    await store.createCampaign(campaign, version);
    const later = "2026-01-02T00:00:00.000Z";
    const saved = await store.saveDraft({ ...campaign, updatedAt: later }, now, { ...version, title: "New" }, false);
    expect(saved).toBe(true);
    expect((await store.getVersion(version.id))?.title).toBe("New");
  });

  it("leaves the draft alone on a stale update", async () => {
    const { campaign, version } = draft();
    await store.createCampaign(campaign, version);
    const saved = await store.saveDraft(campaign, "1999-01-01T00:00:00.000Z", { ...version, title: "New" }, false);
    expect(saved).toBe(false);
    expect((await store.getVersion(version.id))?.title).toBe("Code");
  });

  it("inserts a new version with the campaign", async () => {
    const { campaign, version } = draft();
    await store.createCampaign(campaign, version);
    const next = { ...version, id: newId("cv"), number: 2 };
    const updated = { ...campaign, draftVersionId: next.id, updatedAt: "2026-01-02T00:00:00.000Z" };
    expect(await store.saveDraft(updated, now, next, true)).toBe(true);
    expect((await store.getCampaign(sandbox.id, campaign.id))?.draftVersionId).toBe(next.id);
  });

  it("rejects a second version with one number", async () => {
    const { campaign, version } = draft();
    await store.createCampaign(campaign, version);
    const first = { ...version, id: newId("cv"), number: 2 };
    const second = { ...version, id: newId("cv"), number: 2 };
    const later = "2026-01-02T00:00:00.000Z";
    expect(await store.saveDraft({ ...campaign, updatedAt: later }, now, first, true)).toBe(true);
    expect(await store.saveDraft({ ...campaign, updatedAt: later }, now, second, true)).toBe(false);
    expect(await store.getVersion(second.id)).toBeNull();
  });

  it("removes the new version of a stale save", async () => {
    const { campaign, version } = draft();
    await store.createCampaign(campaign, version);
    const next = { ...version, id: newId("cv"), number: 2 };
    expect(await store.saveDraft(campaign, "1999-01-01T00:00:00.000Z", next, true)).toBe(false);
    expect(await store.getVersion(next.id)).toBeNull();
  });

  it("deletes a draft with its versions", async () => {
    const { campaign, version } = draft();
    await store.createCampaign(campaign, version);
    expect(await store.deleteDraftCampaign(sandbox.id, campaign.id)).toBe(true);
    expect(await store.getCampaign(sandbox.id, campaign.id)).toBeNull();
    expect(await store.getVersion(version.id)).toBeNull();
  });

  it("keeps a live campaign on delete", async () => {
    const { campaign, version } = draft();
    await store.createCampaign({ ...campaign, status: "live" }, version);
    expect(await store.deleteDraftCampaign(sandbox.id, campaign.id)).toBe(false);
    expect(await store.getVersion(version.id)).not.toBeNull();
  });

  it("keeps a surface a version uses", async () => {
    expect(await store.deleteUnusedSurface(sandbox.id, surface.id)).toBe(false);
    expect((await store.campaignsUsingSurface(sandbox.id, surface.id)).length).toBeGreaterThan(0);
  });
});
