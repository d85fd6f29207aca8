import type { Store } from "@herald/core";
import { accessStore } from "./access-store.ts";
import { activityStore } from "./activity-store.ts";
import { campaignStore } from "./campaign-store.ts";
import type { HeraldDatabase } from "./database.ts";
import { deliveryStore } from "./delivery-store.ts";
import { pushTargetStore } from "./push-target-store.ts";
import { profileStore } from "./profile-store.ts";
import { queueStateStore } from "./queue-state-store.ts";
import { type TriggerStoreOptions, triggerStore } from "./trigger-store.ts";
import { webhookStore } from "./webhook-store.ts";

export {
  DEFAULT_CACHE_TTL_SECONDS,
  type LookupCaches,
  cachedStore,
  createLookupCaches,
} from "./cached-store.ts";
export type { HeraldDatabase } from "./database.ts";
export { type ClaimedJob, type JobQueue, type Settlement, jobQueue } from "./job-queue.ts";
export * as schema from "./schema/index.ts";
export { TtlCache } from "./ttl-cache.ts";

export type StoreOptions = TriggerStoreOptions;

/** Builds the storage port over any async drizzle SQLite database (D1 or libSQL). */
export function createStore(db: HeraldDatabase, options: StoreOptions = {}): Store {
  return {
    ...accessStore(db),
    ...webhookStore(db),
    ...campaignStore(db),
    ...profileStore(db),
    ...triggerStore(db, options),
    ...queueStateStore(db),
    ...deliveryStore(db),
    ...activityStore(db),
    ...pushTargetStore(db),
  };
}
