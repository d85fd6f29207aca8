import type { ApiKeyRecord, LiveCampaign, Store } from "@herald/core";
import { TtlCache } from "./ttl-cache.ts";

/** The lookups every trigger call repeats, cached for the life of one isolate or process. */
export interface LookupCaches {
  apiKeys: TtlCache<ApiKeyRecord>;
  liveCampaigns: TtlCache<LiveCampaign>;
}

export const DEFAULT_CACHE_TTL_SECONDS = 5;

export function createLookupCaches(options: { ttlMs: number; maxEntries?: number; now?: () => number }): LookupCaches {
  const settings = { maxEntries: 1000, ...options };
  return { apiKeys: new TtlCache(settings), liveCampaigns: new TtlCache(settings) };
}

type Invalidates = "keys" | "campaigns";

/**
 * The cached lookups each store method can change. The record type makes the compiler ask
 * for every new method, and a method missing here at run time clears both caches.
 */
const INVALIDATES: Record<keyof Store, readonly Invalidates[]> = {
  findApiKey: [],
  createWebhook: [],
  listWebhooks: [],
  getWebhook: [],
  deleteWebhook: [],
  disableWebhook: [],
  createApiKey: [],
  listApiKeys: [],
  revokeApiKey: ["keys"],
  createSandbox: [],
  findSandboxByName: [],
  createSurface: [],
  getSurface: [],
  listSurfaces: [],
  updateSurface: ["campaigns"],
  deleteUnusedSurface: [],
  campaignsUsingSurface: [],
  createCampaign: [],
  getCampaign: [],
  listCampaigns: [],
  getVersion: [],
  updateVersion: ["campaigns"],
  saveCampaign: ["campaigns"],
  getLiveCampaign: [],
  createProfile: [],
  getProfile: [],
  findProfile: [],
  listProfiles: [],
  updateProfile: [],
  deleteProfile: [],
  saveDraft: ["campaigns"],
  deleteDraftCampaign: ["campaigns"],
  loadTriggerState: [],
  writeExecution: [],
  releaseClaim: [],
  findClaim: [],
  completeClaim: [],
  markUnqueued: [],
  claimUnqueued: [],
  getExecution: [],
  listExecutionMessages: [],
  loadDelivery: [],
  claimMessage: [],
  updateMessage: [],
  claimDeliveries: [],
  recordDeliveries: [],
  getMessage: [],
  getOutboxEntry: [],
  putOutboxEntry: [],
  listMessages: [],
  listExecutions: [],
  countStatusesByExecution: [],
  countMessagesByHour: [],
  getPushTarget: [],
  savePushTarget: [],
};

const BOTH: readonly Invalidates[] = ["keys", "campaigns"];

/**
 * Wraps a store so API key and live campaign lookups are served from `caches` until their
 * TTL runs out. Writes through the wrapper clear the caches they affect, so this isolate reads
 * its own changes at once, while other isolates read them after at most the TTL.
 */
export function cachedStore(store: Store, caches: LookupCaches): Store {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(store) as [string, (...args: unknown[]) => unknown][]) {
    const invalidates = (INVALIDATES as Record<string, readonly Invalidates[] | undefined>)[name] ?? BOTH;
    if (invalidates.length === 0) {
      wrapped[name] = method;
      continue;
    }
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } finally {
        if (invalidates.includes("keys")) {
          caches.apiKeys.clear();
        }
        if (invalidates.includes("campaigns")) {
          caches.liveCampaigns.clear();
        }
      }
    };
  }
  const cached = wrapped as unknown as Store;
  cached.findApiKey = (keyId) => caches.apiKeys.getOrLoad(keyId, () => store.findApiKey(keyId));
  cached.getLiveCampaign = (sandboxId, id) =>
    caches.liveCampaigns.getOrLoad(`${sandboxId}/${id}`, () => store.getLiveCampaign(sandboxId, id));
  return cached;
}
