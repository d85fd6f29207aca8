import { api, liveEmailCampaign, recipient, triggerBody, waitForFinal } from "./helpers.ts";
import { testRuntime } from "./runtime.ts";

/** Extracts the key id from a token `hk_<id>_<secret>`. */
export function keyIdOf(token: string): string {
  return `key_${token.split("_")[1]}`;
}

export async function sandboxNameOf(token: string): Promise<string> {
  const row = await testRuntime().first(
    "SELECT s.name FROM api_keys k JOIN sandboxes s ON s.id = k.sandbox_id WHERE k.id = ?",
    [keyIdOf(token)],
  );
  return String(row?.name ?? "");
}

/** Creates an API key through the API with the given scopes and returns its token. */
export async function createKey(token: string, scopes: string[], extra: Record<string, unknown> = {}) {
  const result = await api("/v1/api-keys", { key: token, body: { name: `key ${scopes.join(" ")}`, scopes, ...extra } });
  if (result.status !== 201) {
    throw new Error(`creating a key failed: ${JSON.stringify(result.body)}`);
  }
  return result.body.key as string;
}

/**
 * Creates a webhook aimed at the test peer, when the runtime has one and accepts loopback
 * URLs. The peer knows no secret for it, so it answers 410 to any event and the webhook
 * is disabled.
 */
async function fixtureWebhook(key: string): Promise<string | undefined> {
  const peer = testRuntime().figuresUrl;
  if (peer === undefined) {
    return undefined;
  }
  const created = await api("/v1/webhooks", { key, body: { url: `${peer}/hooks/fixture-${crypto.randomUUID()}` } });
  return created.status === 201 ? (created.body.id as string) : undefined;
}

/**
 * Creates a sandbox with one resource of each kind. Returns its key and the resource ids by
 * the path segment that names them (`campaigns` → a campaign id), for tests of every route.
 */
export async function populatedSandbox() {
  const { key, surfaceId, campaignId } = await liveEmailCampaign();
  const trigger = await api("/ajo/im/executions/unitary", {
    key,
    body: triggerBody(campaignId, [recipient(`owner-${crypto.randomUUID()}@example.com`)]),
  });
  const executionId = trigger.body.executionId as string;
  await waitForFinal(key, executionId);
  const messageId = trigger.body.recipients[0].messageId as string;
  const profile = await testRuntime().first("SELECT profile_id FROM messages WHERE id = ?", [messageId]);
  const spareKey = await createKey(key, ["read"]);
  const webhookId = await fixtureWebhook(key);
  const ids: Record<string, string> = {
    surfaces: surfaceId,
    campaigns: campaignId,
    executions: executionId,
    messages: messageId,
    profiles: String(profile?.profile_id ?? ""),
    "api-keys": keyIdOf(spareKey),
    ...(webhookId ? { webhooks: webhookId } : {}),
  };
  return { key, ids, name: await sandboxNameOf(key) };
}
