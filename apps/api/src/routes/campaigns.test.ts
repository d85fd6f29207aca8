import { describe, expect, it } from "vitest";
import { activate, api, createOk, emailCampaign, emailSurface, newSandbox } from "../../test/helpers.ts";

describe("campaign activation", () => {
  it("refuses activation and lists every problem", async () => {
    const key = await newSandbox();
    const sms = await createOk(key, "/v1/surfaces", {
      channel: "sms",
      name: "Codes",
      provider: "outbox",
      sender: "Herald",
    });
    const campaign = await createOk(key, "/v1/campaigns", {
      channel: "email",
      title: "Broken",
      surfaceId: sms.id,
      content: { html: "<p>{{user.name}} {{#context.items}}</p>" },
    });
    const result = await api(`/v1/campaigns/${campaign.id}/activate`, { key, method: "POST" });
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe("CAMPAIGN_NOT_READY");
    const codes = result.body.error.details.map((problem: { code: string }) => problem.code).sort();
    expect(codes).toEqual(["CONTENT_MISSING", "SURFACE_CHANNEL_MISMATCH", "TEMPLATE_SYNTAX"]);
  });

  it("lists at least eight distinct problems", async () => {
    const key = await newSandbox();
    const email = await createOk(key, "/v1/surfaces", emailSurface);
    const campaign = await createOk(key, "/v1/campaigns", {
      channel: "push",
      title: "Broken push",
      surfaceId: email.id,
      startAt: "2020-01-02T00:00:00Z",
      endAt: "2020-01-01T00:00:00Z",
      defaults: { firstName: "there" },
      content: {
        title: "Order {{#context.order}}",
        body: `{{user.name}} {{context.system.secret}} ${"x".repeat(5000)}`,
        imageUrl: "http://example.com/image.png",
        deepLink: "open the app",
      },
    });
    const review = await api(`/v1/campaigns/${campaign.id}/review`, { key, method: "POST" });
    expect(review.status).toBe(200);
    expect(review.body.ready).toBe(false);
    const codes = new Set(review.body.problems.map((problem: { code: string }) => problem.code));
    expect(codes.size, JSON.stringify(review.body.problems)).toBeGreaterThanOrEqual(8);
    for (const problem of review.body.problems) {
      expect(typeof problem.path).toBe("string");
      expect(problem.message.length).toBeGreaterThan(10);
    }
    expect(codes).toEqual(
      new Set([
        "TEMPLATE_SYNTAX",
        "INVALID_VARIABLE_ROOT",
        "RESERVED_VARIABLE",
        "INVALID_DEFAULT",
        "SURFACE_CHANNEL_MISMATCH",
        "PUSH_PAYLOAD_TOO_LARGE",
        "INVALID_URL",
        "INVALID_WINDOW",
        "WINDOW_PASSED",
      ]),
    );
    const activation = await api(`/v1/campaigns/${campaign.id}/activate`, { key, method: "POST" });
    expect(activation.status).toBe(422);
    expect(activation.body.error.details).toEqual(review.body.problems);
  });

  it("rejects SMS fixed text over max segments", async () => {
    const key = await newSandbox();
    const sms = await createOk(key, "/v1/surfaces", {
      channel: "sms",
      name: "Codes",
      provider: "outbox",
      sender: "Herald",
      maxSegments: 1,
    });
    const campaign = await createOk(key, "/v1/campaigns", {
      channel: "sms",
      title: "Long",
      surfaceId: sms.id,
      content: { body: `${"a".repeat(161)} {{context.code}}` },
    });
    const review = await api(`/v1/campaigns/${campaign.id}/review`, { key, method: "POST" });
    expect(review.body.problems).toHaveLength(1);
    expect(review.body.problems[0].code).toBe("SMS_TOO_MANY_SEGMENTS");
    expect(review.body.problems[0].path).toBe("content.body");
  });

  it("reviews a campaign as ready", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", emailSurface);
    const campaign = await createOk(key, "/v1/campaigns", emailCampaign(surface.id));
    const review = await api(`/v1/campaigns/${campaign.id}/review`, { key, method: "POST" });
    expect(review.body).toEqual({ ready: true, problems: [] });
  });

  it("activates and reports the campaign live", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", emailSurface);
    const campaign = await createOk(key, "/v1/campaigns", emailCampaign(surface.id));
    expect(campaign.status).toBe("draft");
    const live = await activate(key, campaign.id);
    expect(live.status).toBe("live");
    expect(live.live.variables).toEqual(["context.resetUrl", "profile.person.name.firstName"]);
  });

  it("reports a future start date as scheduled", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", emailSurface);
    const campaign = await createOk(
      key,
      "/v1/campaigns",
      emailCampaign(surface.id, { startAt: "2099-01-01T00:00:00+02:00" }),
    );
    const live = await activate(key, campaign.id);
    expect(live.status).toBe("scheduled");
    expect(live.live.startAt).toBe("2098-12-31T22:00:00.000Z");
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: { requestId: "early", campaignId: campaign.id, recipients: [{ type: "external", userId: "a@example.com" }] },
    });
    expect(trigger.status).toBe(409);
    expect(trigger.body.error.code).toBe("CAMPAIGN_NOT_STARTED");
    expect(trigger.body.error.message).toContain("2098-12-31T22:00:00.000Z");
  });

  it("returns a sample request naming every variable", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", emailSurface);
    const campaign = await createOk(key, "/v1/campaigns", emailCampaign(surface.id));
    await activate(key, campaign.id);
    const sample = await api(`/v1/campaigns/${campaign.id}/sample-request`, { key });
    expect(sample.status).toBe(200);
    const recipient = sample.body.body.recipients[0];
    expect(recipient.profile.person.name.firstName).toBe("<person.name.firstName>");
    expect(recipient.context.resetUrl).toBe("<resetUrl>");
    expect(sample.body.curl).toContain("/ajo/im/executions/unitary");
    expect(sample.body.curl).toContain(campaign.id);
  });

  it("rejects a surface with a CR/LF in its from address", async () => {
    const key = await newSandbox();
    const result = await api("/v1/surfaces", {
      key,
      body: { ...emailSurface, fromAddress: "user@example.com\r\nX-Injected: yes" },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("fromAddress");
  });

  it("returns 404 for a campaign of another sandbox", async () => {
    const owner = await newSandbox();
    const other = await newSandbox();
    const surface = await createOk(owner, "/v1/surfaces", emailSurface);
    const campaign = await createOk(owner, "/v1/campaigns", emailCampaign(surface.id));
    const result = await api(`/v1/campaigns/${campaign.id}`, { key: other });
    expect(result.status).toBe(404);
  });
});
