import type { WebhookStore } from "@herald/core";
import { and, eq } from "drizzle-orm";
import type { HeraldDatabase } from "./database.ts";
import { webhooks } from "./schema/index.ts";

export function webhookStore(db: HeraldDatabase): WebhookStore {
  return {
    async createWebhook(webhook) {
      await db.insert(webhooks).values(webhook);
    },

    async listWebhooks(sandboxId) {
      return db.select().from(webhooks).where(eq(webhooks.sandboxId, sandboxId)).orderBy(webhooks.id);
    },

    async getWebhook(id) {
      const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id)).limit(1);
      return row ?? null;
    },

    async deleteWebhook(sandboxId, id) {
      const rows = await db
        .delete(webhooks)
        .where(and(eq(webhooks.sandboxId, sandboxId), eq(webhooks.id, id)))
        .returning({ id: webhooks.id });
      return rows.length === 1;
    },

    async disableWebhook(id, now) {
      await db.update(webhooks).set({ disabledAt: now }).where(eq(webhooks.id, id));
    },
  };
}
