import { describe, expect, it } from "vitest";
import { api, createOk, emailCampaign, emailSurface, newSandbox } from "../../test/helpers.ts";

describe("sample request of a draft", () => {
  it("names the variables before activation", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", emailSurface);
    const campaign = await createOk(key, "/v1/campaigns", emailCampaign(surface.id));
    const sample = await api(`/v1/campaigns/${campaign.id}/sample-request`, { key });
    expect(sample.status, JSON.stringify(sample.body)).toBe(200);
    const recipient = sample.body.body.recipients[0];
    expect(recipient.profile.person.name.firstName).toBe("<person.name.firstName>");
    expect(recipient.context.resetUrl).toBe("<resetUrl>");
  });

  it("skips a part with a template error", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", emailSurface);
    const campaign = await createOk(
      key,
      "/v1/campaigns",
      emailCampaign(surface.id, { content: { subject: "Hi {{#context.open}}", text: "Code {{context.code}}" } }),
    );
    const sample = await api(`/v1/campaigns/${campaign.id}/sample-request`, { key });
    expect(sample.body.body.recipients[0].context).toEqual({ code: "<code>" });
  });
});
