import { describe, expect, it } from "vitest";
import { liveCampaign } from "../../test/campaigns.ts";
import { api, createOk, emailCampaign, emailSurface, newSandbox, waitForFinal } from "../../test/helpers.ts";

const ECID = "69182582886243657171234567890123456789";

/** Replaces every `<…>` placeholder string with `fill(placeholder)`, keeping the rest. */
function fillPlaceholders(value: unknown, fill: (placeholder: string) => unknown): unknown {
  if (typeof value === "string") {
    return /^<.+>$/.test(value) ? fill(value) : value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => fillPlaceholders(item, fill));
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillPlaceholders(item, fill)]));
  }
  return value;
}

/** Reads the JSON the cURL command sends, undoing the shell's single-quote escapes. */
function curlBody(curl: string): unknown {
  const start = curl.indexOf("-d '") + "-d '".length;
  return JSON.parse(curl.slice(start, curl.lastIndexOf("'")).replaceAll("'\\''", "'"));
}

async function runSample(key: string, campaignId: string, fill: (placeholder: string) => unknown) {
  const sample = await api(`/v1/campaigns/${campaignId}/sample-request`, { key });
  expect(sample.status).toBe(200);
  const body = fillPlaceholders(sample.body.body, fill);
  const trigger = await api("/ajo/im/executions/unitary", { key, body });
  expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
  const execution = await waitForFinal(key, trigger.body.executionId);
  expect(execution.recipients[0].status, JSON.stringify(execution)).toBe("sent");
  const message = await api(`/v1/messages/${trigger.body.recipients[0].messageId}`, { key });
  return { sample: sample.body, message: message.body };
}

describe("sample request", () => {
  it("delivers the email sample once filled in", async () => {
    const { key, campaignId } = await liveCampaign("email", {
      subject: "Hi {{profile.person.name.firstName}}",
      text: "{{#context.items}}{{qty}}x {{name}};{{/context.items}} {{context.resetUrl}}",
      html: "{{#context.vip}}<b>VIP</b>{{/context.vip}}",
    });
    const values: Record<string, unknown> = {
      "<unique id of this call>": `sample-${crypto.randomUUID()}`,
      "<person.name.firstName>": "Jane",
      "<items[].qty>": "2",
      "<items[].name>": "Shoe",
      "<resetUrl>": "https://example.com/r",
    };
    const { sample, message } = await runSample(key, campaignId, (placeholder) => values[placeholder]);
    expect(sample.body.recipients[0].context).toEqual({
      items: [{ qty: "<items[].qty>", name: "<items[].name>" }],
      resetUrl: "<resetUrl>",
      vip: true,
    });
    expect(message.rendered.subject).toBe("Hi Jane");
    expect(message.rendered.text).toBe("2x Shoe; https://example.com/r");
    expect(message.rendered.html).toBe("<b>VIP</b>");
    expect(message.rendered.to.address).toBe("jane@example.com");
  });

  it("uses the request host and the body in the cURL", async () => {
    const { key, campaignId } = await liveCampaign("sms", { body: "Code {{context.code}}" });
    const sample = await api(`/v1/campaigns/${campaignId}/sample-request`, { key });
    // The workerd pool sends requests to http://herald.test, and the Node server suite to its own port.
    expect(sample.body.curl).toMatch(/^curl -X POST 'http:\/\/(herald\.test|127\.0\.0\.1:\d+)\/ajo\/im\/executions\/unitary'/);
    expect(curlBody(sample.body.curl)).toEqual(sample.body.body);
    expect(sample.body.body.recipients[0].namespace).toBe("phone");
  });

  it("delivers the push sample with the campaign namespace", async () => {
    const { key, campaignId } = await liveCampaign("push", { title: "Order {{context.orderId}}", data: { link: "{{context.url}}" } });
    const values: Record<string, unknown> = {
      "<unique id of this call>": `sample-${crypto.randomUUID()}`,
      "<ECID of 38 digits>": ECID,
      "<device token>": "device-token-9",
      "<orderId>": "A-17",
      "<url>": "myapp://orders/A-17",
    };
    const { sample, message } = await runSample(key, campaignId, (placeholder) => values[placeholder]);
    expect(sample.body.recipients[0].namespace).toBe("ecid");
    expect(sample.body.recipients[0].channelData.pushInfo.appID).toBe("com.example.app");
    expect(message.rendered.title).toBe("Order A-17");
    expect(message.rendered.data).toEqual({ link: "myapp://orders/A-17" });
    expect(message.rendered.to.token).toBe("device-token-9");
  });

  it("names the variables of a draft", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", {
      channel: "email",
      name: "Mail",
      provider: "outbox",
      fromAddress: "noreply@example.com",
    });
    const campaign = await createOk(key, "/v1/campaigns", {
      channel: "email",
      title: "Draft",
      surfaceId: surface.id,
      namespace: "crmId",
      content: { subject: "{{profile.tier}}", text: "x" },
    });
    const sample = await api(`/v1/campaigns/${campaign.id}/sample-request`, { key });
    expect(sample.body.body.recipients[0].profile).toEqual({ tier: "<tier>" });
    expect(sample.body.body.recipients[0].userId).toBe("<user id>");
  });

  it("returns 404 for an unknown campaign", async () => {
    const key = await newSandbox();
    const sample = await api("/v1/campaigns/cmp_missing/sample-request", { key });
    expect(sample.status).toBe(404);
  });
});

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
