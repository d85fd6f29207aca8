import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_LIMITS,
  type Deps,
  type Store,
  activateCampaign,
  createCampaign,
  createSandbox,
  createSurface,
} from "@herald/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LookupCaches, cachedStore, createLookupCaches, createStore } from "./index.ts";
import { migrateLibsql, openLibsqlDatabase } from "./libsql.ts";

const dir = mkdtempSync(join(tmpdir(), "herald-cache-"));
const silent = { info() {}, warn() {}, error() {} };
let clock = 1_000_000;
let direct: Store;
let caches: LookupCaches;
let cached: Store;
let close: () => void;

function deps(store: Store): Deps {
  const queue = { enqueue: async () => {} };
  return { store, queue, now: () => new Date(), limits: DEFAULT_LIMITS, log: silent };
}

async function liveCampaign(store: Store) {
  const { sandbox, apiKeyId } = await createSandbox(deps(store), { name: `cache-${clock++}` });
  const surface = await createSurface(deps(store), sandbox.id, {
    channel: "email",
    name: "Mail",
    provider: "outbox",
    fromAddress: "noreply@example.com",
  });
  const { campaign } = await createCampaign(deps(store), sandbox.id, {
    channel: "email",
    title: "Code",
    surfaceId: surface.id,
    content: { subject: "Code", text: "Your code is {{context.code}}" },
  });
  await activateCampaign(deps(store), sandbox.id, campaign.id);
  return { sandboxId: sandbox.id, campaignId: campaign.id, apiKeyId };
}

beforeAll(async () => {
  const { db, client } = await openLibsqlDatabase(`file:${join(dir, "herald.db")}`);
  await migrateLibsql(db);
  direct = createStore(db);
  caches = createLookupCaches({ ttlMs: 5000, now: () => clock });
  cached = cachedStore(direct, caches);
  close = () => client.close();
});

afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe("cached store", () => {
  it("serves a live campaign from memory within the TTL", async () => {
    const { sandboxId, campaignId } = await liveCampaign(direct);
    expect(await cached.getLiveCampaign(sandboxId, campaignId)).not.toBeNull();
    const campaign = await direct.getCampaign(sandboxId, campaignId);
    await direct.saveCampaign({ ...campaign!, status: "stopped" }, campaign!.updatedAt);
    expect(await cached.getLiveCampaign(sandboxId, campaignId)).not.toBeNull();
  });

  it("reloads a live campaign after the TTL", async () => {
    const { sandboxId, campaignId } = await liveCampaign(direct);
    await cached.getLiveCampaign(sandboxId, campaignId);
    const campaign = await direct.getCampaign(sandboxId, campaignId);
    await direct.saveCampaign({ ...campaign!, status: "stopped" }, campaign!.updatedAt);
    clock += 5000;
    expect(await cached.getLiveCampaign(sandboxId, campaignId)).toBeNull();
  });

  it("drops a cached campaign saved through it", async () => {
    const { sandboxId, campaignId } = await liveCampaign(direct);
    await cached.getLiveCampaign(sandboxId, campaignId);
    const campaign = await cached.getCampaign(sandboxId, campaignId);
    await cached.saveCampaign({ ...campaign!, status: "stopped" }, campaign!.updatedAt);
    expect(await cached.getLiveCampaign(sandboxId, campaignId)).toBeNull();
  });

  it("serves a campaign only to its own sandbox", async () => {
    const first = await liveCampaign(direct);
    const second = await liveCampaign(direct);
    await cached.getLiveCampaign(first.sandboxId, first.campaignId);
    expect(await cached.getLiveCampaign(second.sandboxId, first.campaignId)).toBeNull();
  });

  it("does not cache a missing campaign", async () => {
    const { sandboxId, campaignId } = await liveCampaign(direct);
    expect(await cached.getLiveCampaign(sandboxId, "cmp_later")).toBeNull();
    expect(await cached.getLiveCampaign(sandboxId, campaignId)).not.toBeNull();
    expect(caches.liveCampaigns.get(`${sandboxId}/cmp_later`)).toBeUndefined();
  });

  it("serves an API key from memory within the TTL", async () => {
    const { apiKeyId } = await liveCampaign(direct);
    const first = await cached.findApiKey(apiKeyId);
    expect(first?.id).toBe(apiKeyId);
    expect(caches.apiKeys.get(apiKeyId)).toBe(first);
  });

  it("clears both caches after a method it does not know", async () => {
    const { sandboxId, campaignId, apiKeyId } = await liveCampaign(direct);
    const extended = cachedStore({ ...direct, revokeEverything: async () => {} } as Store, caches);
    await extended.findApiKey(apiKeyId);
    await extended.getLiveCampaign(sandboxId, campaignId);
    await (extended as Store & { revokeEverything(): Promise<void> }).revokeEverything();
    expect(caches.apiKeys.size).toBe(0);
    expect(caches.liveCampaigns.size).toBe(0);
  });
});
