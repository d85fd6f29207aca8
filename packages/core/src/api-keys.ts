import { sha256Hex } from "./canonical-json.ts";
import { HeraldError } from "./errors.ts";
import { newId, randomToken } from "./ids.ts";
import type { ApiKeyRecord, Scope } from "./model.ts";
import type { AccessStore } from "./ports.ts";

const TOKEN_PATTERN = /^hk_([0-9a-z]{26})_([A-Za-z0-9_-]{43})$/;

/** Compares two strings without stopping at the first difference. */
export function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  }
  return difference === 0;
}

/**
 * Creates an API key: `hk_<key id>_<secret>`, where the secret carries 256 random bits.
 * Only the SHA-256 of the secret is stored, so the token is shown once.
 */
export async function issueApiKey(
  sandbox: { id: string; name: string },
  name: string,
  scopes: Scope[],
  now: string,
  rateLimit: ApiKeyRecord["rateLimit"] = null,
): Promise<{ token: string; record: ApiKeyRecord }> {
  const id = newId("key");
  const secret = randomToken(32);
  const record: ApiKeyRecord = {
    id,
    sandboxId: sandbox.id,
    sandboxName: sandbox.name,
    name,
    secretHash: await sha256Hex(secret),
    scopes,
    createdAt: now,
    revokedAt: null,
    rateLimit,
  };
  return { token: `hk_${id.slice(4)}_${secret}`, record };
}

/**
 * Resolves a bearer token to its key, rejecting unknown, malformed and revoked keys alike.
 * `hash` computes the SHA-256 hex digest of the secret, as sha256Hex does.
 */
export async function authenticate(
  store: AccessStore,
  token: string | undefined,
  hash: (text: string) => string | Promise<string> = sha256Hex,
): Promise<ApiKeyRecord> {
  // Created only on failure, because an Error captures a stack trace when it is constructed.
  const unauthorized = () =>
    new HeraldError("UNAUTHORIZED", "missing or invalid API key: send Authorization: Bearer <api key>");
  const match = token === undefined ? null : TOKEN_PATTERN.exec(token);
  if (match === null) {
    throw unauthorized();
  }
  const [, keyId = "", secret = ""] = match;
  const record = await store.findApiKey(`key_${keyId}`);
  const digest = await hash(secret);
  if (record === null || !constantTimeEqual(digest, record.secretHash) || record.revokedAt !== null) {
    throw unauthorized();
  }
  return record;
}

export function requireScope(key: ApiKeyRecord, scope: Scope) {
  if (!key.scopes.includes(scope)) {
    throw new HeraldError("FORBIDDEN", `this API key lacks the ${scope} scope`);
  }
}
