import { describe, expect, it } from "vitest";
import { HeraldError } from "./errors.ts";
import { MAX_PROFILE_ATTRIBUTE_BYTES, checkAttributeSize, normalizeIdentities } from "./profile-input.ts";

function rejection(action: () => unknown): HeraldError {
  try {
    action();
  } catch (error) {
    if (error instanceof HeraldError) {
      return error;
    }
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("normalizeIdentities", () => {
  it("normalizes each namespace", () => {
    const identities = normalizeIdentities(
      [
        { namespace: "email", value: " User@Example.com " },
        { namespace: "phone", value: "(555) 555-0100" },
        { namespace: "crmId", value: " AbC-42 " },
      ],
      "US",
    );
    expect(identities).toEqual([
      { namespace: "email", value: "user@example.com" },
      { namespace: "phone", value: "+15555550100" },
      { namespace: "crmId", value: "AbC-42" },
    ]);
  });

  it("lists every invalid identity", () => {
    const error = rejection(() =>
      normalizeIdentities([
        { namespace: "email", value: "nope" },
        { namespace: "ecid", value: "123" },
      ]),
    );
    expect(error.details.map((detail) => detail.path)).toEqual(["identities[0].value", "identities[1].value"]);
  });

  it("rejects duplicates after normalizing", () => {
    const error = rejection(() =>
      normalizeIdentities([
        { namespace: "email", value: "a@example.com" },
        { namespace: "email", value: " A@EXAMPLE.com" },
      ]),
    );
    expect(error.details[0]?.message).toContain("duplicates identities[0]");
  });

  it("rejects a phone without country code or region", () => {
    expect(rejection(() => normalizeIdentities([{ namespace: "phone", value: "5555550100" }])).code).toBe(
      "VALIDATION_FAILED",
    );
  });
});

describe("checkAttributeSize", () => {
  it("accepts attributes at the limit", () => {
    const padding = MAX_PROFILE_ATTRIBUTE_BYTES - JSON.stringify({ a: "" }).length;
    expect(() => checkAttributeSize({ a: "x".repeat(padding) })).not.toThrow();
  });

  it("rejects attributes one byte over", () => {
    const padding = MAX_PROFILE_ATTRIBUTE_BYTES - JSON.stringify({ a: "" }).length + 1;
    const error = rejection(() => checkAttributeSize({ a: "x".repeat(padding) }));
    expect(error.message).toContain(`${MAX_PROFILE_ATTRIBUTE_BYTES + 1} bytes`);
  });
});
