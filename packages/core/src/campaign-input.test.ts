import { describe, expect, it } from "vitest";
import { patchVersionFields } from "./campaign-input.ts";
import { HeraldError } from "./errors.ts";
import type { CampaignVersion } from "./model.ts";

const base: CampaignVersion = {
  id: "cv_1",
  campaignId: "cmp_1",
  number: 1,
  title: "Reset",
  description: "Login page",
  surfaceId: "srf_1",
  namespace: "email",
  createProfiles: true,
  startAt: "2030-01-01T00:00:00.000Z",
  endAt: null,
  content: { subject: "Hi {{profile.firstName}}", text: "Code {{context.code}}" },
  defaults: { "profile.firstName": "there" },
  variables: [],
  createdAt: "2026-01-01T00:00:00.000Z",
};

function rejectedPath(patch: unknown): string | undefined {
  try {
    patchVersionFields("email", base, patch);
  } catch (error) {
    if (error instanceof HeraldError) {
      return error.details[0]?.path;
    }
    throw error;
  }
  throw new Error("expected the patch to be rejected");
}

describe("patchVersionFields", () => {
  it("merges content parts", () => {
    const fields = patchVersionFields("email", base, { content: { html: "<p>{{context.code}}</p>" } });
    expect(fields.content).toEqual({ ...base.content, html: "<p>{{context.code}}</p>" });
  });

  it("removes a content part set to null", () => {
    expect(patchVersionFields("email", base, { content: { text: null } }).content).toEqual({
      subject: "Hi {{profile.firstName}}",
    });
  });

  it("clears a date set to null", () => {
    expect(patchVersionFields("email", base, { startAt: null }).startAt).toBeNull();
  });

  it("clears the description", () => {
    expect(patchVersionFields("email", base, { description: null }).description).toBeNull();
  });

  it("normalizes a date to UTC", () => {
    expect(patchVersionFields("email", base, { endAt: "2030-02-01T09:00:00+01:00" }).endAt).toBe(
      "2030-02-01T08:00:00.000Z",
    );
  });

  it("removes one default", () => {
    expect(patchVersionFields("email", base, { defaults: { "profile.firstName": null } }).defaults).toEqual({});
  });

  it("keeps untouched fields", () => {
    const fields = patchVersionFields("email", base, { title: "Password reset" });
    expect(fields).toMatchObject({ title: "Password reset", namespace: "email", createProfiles: true });
  });

  it("rejects a channel change", () => {
    expect(rejectedPath({ channel: "sms" })).toBe("channel");
  });

  it("rejects clearing the title", () => {
    expect(rejectedPath({ title: null })).toBe("title");
  });

  it("rejects a body that is not an object", () => {
    expect(rejectedPath(["title"])).toBe("(body)");
  });

  it("rejects an SMS part in email content", () => {
    expect(rejectedPath({ content: { body: "x" } })).toBe("content.body");
  });
});
