import { issueApiKey } from "./api-keys.ts";
import type { Deps } from "./deps.ts";
import { HeraldError, notFound } from "./errors.ts";
import type { ApiKeyRecord } from "./model.ts";
import { createApiKeySchema } from "./schemas/api-key.ts";
import { parseInput } from "./validation.ts";

/** Returns an API key as the API shows it, without its secret or the secret's hash. */
export function publicApiKey(key: ApiKeyRecord) {
  return {
    id: key.id,
    name: key.name,
    scopes: key.scopes,
    rateLimit: key.rateLimit,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
  };
}

/**
 * Creates an API key in the caller's sandbox and returns its token, which is never shown
 * again. A key can grant only scopes the caller's own key has.
 */
export async function createApiKey(deps: Deps, caller: ApiKeyRecord, body: unknown) {
  const input = parseInput(createApiKeySchema, body);
  const missing = input.scopes.filter((scope) => !caller.scopes.includes(scope));
  if (missing.length > 0) {
    throw new HeraldError("FORBIDDEN", `this API key cannot grant the ${missing.join(", ")} scope it lacks`);
  }
  const sandbox = { id: caller.sandboxId, name: caller.sandboxName };
  const now = deps.now().toISOString();
  const { token, record } = await issueApiKey(sandbox, input.name, input.scopes, now, input.rateLimit ?? null);
  await deps.store.createApiKey(record);
  deps.log.info("api key created", { sandboxId: sandbox.id, apiKeyId: record.id, createdBy: caller.id });
  return { ...publicApiKey(record), key: token };
}

export async function listApiKeys(deps: Deps, sandboxId: string) {
  return (await deps.store.listApiKeys(sandboxId)).map(publicApiKey);
}

export async function getApiKey(deps: Deps, sandboxId: string, keyId: string) {
  const key = (await deps.store.listApiKeys(sandboxId)).find((item) => item.id === keyId);
  if (key === undefined) {
    throw notFound("API key", keyId);
  }
  return publicApiKey(key);
}

/** Revokes a key of the sandbox at once; revoking a revoked key changes nothing. */
export async function revokeApiKey(deps: Deps, caller: ApiKeyRecord, keyId: string) {
  const current = await getApiKey(deps, caller.sandboxId, keyId);
  if (current.revokedAt === null) {
    await deps.store.revokeApiKey(caller.sandboxId, keyId, deps.now().toISOString());
    deps.log.info("api key revoked", { sandboxId: caller.sandboxId, apiKeyId: keyId, revokedBy: caller.id });
  }
  return getApiKey(deps, caller.sandboxId, keyId);
}
