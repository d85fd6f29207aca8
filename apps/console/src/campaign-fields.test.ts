import { describe, expect, it } from "vitest";
import { campaignBody } from "./campaign-fields.ts";
import type { CampaignVersion } from "./types.ts";

const version: CampaignVersion = {
  id: "cv_1",
  number: 1,
  title: "Reset",
  description: "Old",
  surfaceId: "srf_1",
  namespace: "email",
  createProfiles: false,
  startAt: null,
  endAt: null,
  content: { subject: "Hi", preheader: "Soon", data: { a: "1", b: "2" } },
  defaults: { "profile.firstName": "there" },
  variables: [],
  createdAt: "2026-03-01T00:00:00.000Z",
};

describe("campaign body", () => {
  it("creates with the channel and set fields only", () => {
    const body = campaignBody("sms", { title: "Code", surfaceId: "srf_2", "content.body": "Hi", description: undefined }, null);
    expect(body).toEqual({ channel: "sms", title: "Code", surfaceId: "srf_2", content: { body: "Hi" }, defaults: {} });
  });

  it("sends a blank title so the API rejects it", () => {
    const body = campaignBody("email", { surfaceId: "srf_1", createProfiles: false }, version);
    expect(body.title).toBe("");
  });

  it("patches removed fields to null", () => {
    const body = campaignBody(
      "push",
      { title: "Reset", surfaceId: "srf_1", createProfiles: true, "content.subject": "Hello", "content.data": { a: "1" } },
      version,
    );
    expect(body.description).toBeNull();
    expect(body.title).toBe("Reset");
    expect(body.namespace).toBeNull();
    expect(body.content).toEqual({ subject: "Hello", preheader: null, data: { a: "1", b: null } });
    expect(body.defaults).toEqual({ "profile.firstName": null });
  });
});
