import type { AccessStore } from "./ports.ts";

/** One operator grant: sandbox `name` (or `*` for every sandbox) may use Worker secret `secret`. */
export interface SecretGrant {
  sandbox: string;
  secret: string;
}

/** Decides which Worker secrets a sandbox's surfaces may name, and reads them. */
export interface SecretAccess {
  isGranted(sandboxId: string, name: string): boolean;
  value(sandboxId: string, name: string): string | undefined;
}

/**
 * Parses `PROVIDER_SECRETS`: comma-separated `sandbox:SECRET` entries, where `*` as the sandbox
 * grants the secret to every sandbox. A surface can only read a secret granted to its own
 * sandbox, so one tenant cannot make Herald send another tenant's credentials, or the
 * operator's, to a host of its choosing.
 */
export function parseSecretGrants(raw: string | undefined): SecretGrant[] {
  const grants: SecretGrant[] = [];
  for (const entry of (raw ?? "").split(",")) {
    const [sandbox, secret] = entry.trim().split(":").map((part) => part.trim());
    if (sandbox && secret) {
      grants.push({ sandbox, secret });
    }
  }
  return grants;
}

/** Lists every secret a surface's settings name: the values of keys ending in `Secret`. */
export function secretReferences(settings: unknown, path = ""): { path: string; name: string }[] {
  if (typeof settings !== "object" || settings === null) {
    return [];
  }
  return Object.entries(settings).flatMap(([key, value]) => {
    const here = path ? `${path}.${key}` : key;
    if (key.endsWith("Secret") && typeof value === "string") {
      return [{ path: here, name: value }];
    }
    return secretReferences(value, here);
  });
}

/** Resolves the grants' sandbox names to ids once, then answers synchronously. */
export async function resolveSecretAccess(
  grants: SecretGrant[],
  store: Pick<AccessStore, "findSandboxByName">,
  read: (name: string) => string | undefined,
): Promise<SecretAccess> {
  const names = [...new Set(grants.map((grant) => grant.sandbox).filter((name) => name !== "*"))];
  const ids = new Map<string, string>();
  for (const name of names) {
    const sandbox = await store.findSandboxByName(name);
    if (sandbox !== null) {
      ids.set(name, sandbox.id);
    }
  }
  const isGranted = (sandboxId: string, secret: string) =>
    grants.some(
      (grant) => grant.secret === secret && (grant.sandbox === "*" || ids.get(grant.sandbox) === sandboxId),
    );
  return {
    isGranted,
    value: (sandboxId, secret) => (isGranted(sandboxId, secret) ? read(secret) : undefined),
  };
}
