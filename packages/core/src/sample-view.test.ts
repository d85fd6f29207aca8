import { describe, expect, it } from "vitest";
import { sampleRequest } from "./sample-request.ts";
import { sampleView } from "./sample-view.ts";
import type { CampaignVersion } from "./model.ts";

describe("sampleView", () => {
  it("places nested profile and context paths", () => {
    const view = sampleView("email", {
      subject: "Hi {{profile.person.name.firstName}}",
      text: "{{context.resetUrl}} {{{context.raw}}}",
    });
    expect(view).toEqual({
      profile: { person: { name: { firstName: "<person.name.firstName>" } } },
      context: { resetUrl: "<resetUrl>", raw: "<raw>" },
    });
  });

  it("lists section items with their fields", () => {
    const view = sampleView("sms", { body: "{{#context.items}}{{qty}}x {{name}} {{context.currency}}{{/context.items}}" });
    expect(view.context).toEqual({ items: [{ qty: "<items[].qty>", name: "<items[].name>" }], currency: "<currency>" });
  });

  it("nests sections inside items", () => {
    const view = sampleView("sms", { body: "{{#context.orders}}{{#lines}}{{sku}}{{/lines}}{{/context.orders}}" });
    expect(view.context).toEqual({ orders: [{ lines: [{ sku: "<orders[].lines[].sku>" }] }] });
  });

  it("lists scalar items for the implicit iterator", () => {
    expect(sampleView("sms", { body: "{{#context.tags}}{{.}},{{/context.tags}}" }).context).toEqual({ tags: ["<tags[]>"] });
  });

  it("sets flags for sections without fields", () => {
    const view = sampleView("sms", { body: "{{#context.vip}}VIP{{/context.vip}}{{^context.trial}}paid{{/context.trial}}" });
    expect(view.context).toEqual({ vip: true, trial: false });
  });

  it("reads push data values", () => {
    expect(sampleView("push", { title: "T", data: { id: "{{context.orderId}}" } }).context).toEqual({ orderId: "<orderId>" });
  });

  it("skips parts that do not parse", () => {
    expect(sampleView("email", { subject: "{{#x}}", text: "{{context.ok}}" }).context).toEqual({ ok: "<ok>" });
  });
});

describe("sampleRequest", () => {
  const version: CampaignVersion = {
    id: "cv_1",
    campaignId: "cmp_1",
    number: 1,
    title: "T",
    description: null,
    surfaceId: "srf_1",
    namespace: "ecid",
    createProfiles: true,
    startAt: null,
    endAt: null,
    content: { title: "{{context.it's}}" },
    defaults: {},
    variables: [],
    createdAt: "2026-01-01T00:00:00.000Z",
  };

  it("uses the campaign namespace", () => {
    const { body } = sampleRequest("cmp_1", "push", version, "https://herald.example");
    const recipient = (body.recipients as Record<string, unknown>[])[0];
    expect(recipient?.namespace).toBe("ecid");
    expect(recipient?.userId).toBe("<ECID of 38 digits>");
  });

  it("quotes the body for the shell", () => {
    const { curl } = sampleRequest("cmp_1", "push", version, "https://herald.example");
    expect(curl).toContain("<it'\\''s>");
    expect(curl.startsWith("curl -X POST 'https://herald.example/ajo/im/executions/unitary'")).toBe(true);
  });
});
