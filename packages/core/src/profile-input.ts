import { type ErrorDetail, HeraldError } from "./errors.ts";
import { normalizeIdentity } from "./identity.ts";
import { type Identity, identityKey } from "./model.ts";
import type { ProfileIdentityInput } from "./schemas/profile.ts";
import { jsonByteLength } from "./validation.ts";

/** The largest profile attributes object, in UTF-8 bytes of its JSON. */
export const MAX_PROFILE_ATTRIBUTE_BYTES = 100 * 1024;

/**
 * Normalizes each identity the way triggers look them up (emails lowercased, phones in E.164,
 * ECIDs checked) and rejects two entries that normalize to the same identity.
 */
export function normalizeIdentities(items: ProfileIdentityInput[], defaultRegion?: string): Identity[] {
  const problems: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  const identities = items.map((item, index) => {
    const path = `identities[${index}].value`;
    try {
      const identity = { namespace: item.namespace, value: normalizeIdentity(item.namespace, item.value, { defaultRegion }) };
      const first = seen.get(identityKey(identity));
      if (first !== undefined) {
        problems.push({ path, message: `duplicates identities[${first}]; list each identity once` });
      }
      seen.set(identityKey(identity), index);
      return identity;
    } catch (error) {
      problems.push({ path, message: (error as Error).message });
      return { namespace: item.namespace, value: item.value };
    }
  });
  if (problems.length > 0) {
    const summary = problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ");
    throw new HeraldError("VALIDATION_FAILED", summary, { details: problems });
  }
  return identities;
}

/** Rejects attributes whose JSON is over `MAX_PROFILE_ATTRIBUTE_BYTES`. */
export function checkAttributeSize(attributes: Record<string, unknown>): void {
  const bytes = jsonByteLength(attributes);
  if (bytes > MAX_PROFILE_ATTRIBUTE_BYTES) {
    const message = `are ${bytes} bytes, over the limit of ${MAX_PROFILE_ATTRIBUTE_BYTES} bytes; store less on the profile`;
    throw new HeraldError("VALIDATION_FAILED", `attributes: ${message}`, { details: [{ path: "attributes", message }] });
  }
}

/** Throws a CONFLICT naming the identities another profile already has. */
export function identitiesTaken(taken: Identity[]): HeraldError {
  const names = taken.map((identity) => `${identity.namespace} ${identity.value}`).join(", ");
  return new HeraldError("CONFLICT", `identity ${names} already belongs to another profile; update that profile instead`, {
    details: taken.map((identity) => ({ path: "identities", message: `${identity.namespace} ${identity.value} is taken` })),
  });
}
