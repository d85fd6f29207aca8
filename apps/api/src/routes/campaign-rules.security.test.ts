import { createExecutionContext, env } from "cloudflare:test";
import { ERROR_CODES } from "@herald/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { SURFACES, liveCampaign } from "../../test/campaigns.ts";
import { createKey } from "../../test/fixtures.ts";
import { api, createOk } from "../../test/helpers.ts";
import worker from "../worker.ts";

const RUNS = 200;
const accepted = new Map<string, number>();

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.constantFrom("", " ", "\u0000", "\r\nBcc: x@example.net", "{{#x}}", "{{> p}}", "__proto__", "\uD800", "1e309", "a".repeat(20_000)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/**
 * Generates bodies with every field of `fields`, each plausible most of the time and hostile
 * otherwise, sometimes missing one field or carrying one unknown field.
 */
function nearly(fields: Record<string, fc.Arbitrary<unknown>>) {
  const names = Object.keys(fields);
  const entries = Object.fromEntries(
    Object.entries(fields).map(([name, valid]) => [
      name,
      fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostile }),
    ]),
  );
  return fc
    .tuple(
      fc.record(entries),
      fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...names) }),
      fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostile }),
    )
    .map(([body, dropped, stray]) => {
      const result: Record<string, unknown> = { ...body };
      if (dropped !== null) {
        delete result[dropped];
      }
      if (stray !== null) {
        result.stray = stray;
      }
      return result;
    });
}

const template = fc.oneof(fc.constantFrom("Hi {{profile.firstName}}", "{{#context.items}}{{name}}{{/context.items}}", "{{context.system.x}}"), fc.string());

const surfaceBody = fc.oneof(
  nearly({
    ...constants(SURFACES.email),
    replyToAddress: fc.constantFrom("help@example.com", "Support@Example.org"),
    fromName: fc.stringMatching(/^[A-Za-z][A-Za-z ,.'-]{0,40}$/),
  }),
  nearly({ ...constants(SURFACES.sms), maxSegments: fc.integer({ min: 1, max: 20 }), defaultRegion: fc.constantFrom("US", "GB") }),
  nearly({ ...constants(SURFACES.push), platforms: fc.subarray(["web", "ios", "android"], { minLength: 1 }) }),
);

function constants(values: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, fc.constant(value)]));
}

const CONTENT_PARTS = {
  email: ["subject", "preheader", "fromName", "html", "text"],
  sms: ["body"],
  push: ["title", "body", "imageUrl", "deepLink"],
} as const;

function contentFor(channel: keyof typeof CONTENT_PARTS) {
  const parts: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(CONTENT_PARTS[channel].map((part) => [part, template]));
  if (channel === "push") {
    parts.data = fc.dictionary(fc.string(), template);
  }
  return fc.record(parts, { requiredKeys: [] });
}

function campaignBody(surfaceId: string) {
  return fc.constantFrom("email", "sms", "push" as const).chain((channel) =>
    nearly({
      channel: fc.constant(channel),
      title: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,60}$/),
      surfaceId: fc.constant(surfaceId),
      namespace: fc.constantFrom("email", "phone", "ecid", "crm.id"),
      createProfiles: fc.boolean(),
      startAt: fc.constantFrom("2030-01-01T00:00:00Z", "2030-06-01T12:30:00.250+02:00"),
      endAt: fc.constantFrom("2031-01-01T00:00:00+02:00", "2031-01-01T00:00Z"),
      defaults: fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
      content: contentFor(channel),
    }),
  );
}

const profileBody = nearly({
  identities: fc.array(
    fc.oneof(
      fc.uuid().map((id) => ({ namespace: "email", value: `${id}@example.com` })),
      fc.uuid().map((id) => ({ namespace: "crmId", value: id })),
    ),
    { minLength: 1, maxLength: 3 },
  ),
  attributes: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  defaultRegion: fc.constantFrom("US", "GB"),
});

const previewBody = nearly({
  profile: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
  context: fc.dictionary(fc.constantFrom("system", "items", "code"), fc.jsonValue({ maxDepth: 2 })),
  version: fc.constantFrom("draft", "live"),
});

let key: string;
let campaignId: string;
let surfaceId: string;
let profileId: string;

async function send(method: string, path: string, body: unknown) {
  const request = new Request(`http://herald.test${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body) ?? "null",
  });
  const response = await worker.fetch(request, env, createExecutionContext());
  return { status: response.status, text: await response.text(), requestId: response.headers.get("herald-request-id") };
}

/** Accepts any success, and any error that is a 4xx in the one envelope. */
function wellFormed(answer: Awaited<ReturnType<typeof send>>): boolean {
  if (answer.status < 400) {
    return true;
  }
  if (answer.status >= 500) {
    return false;
  }
  const { error } = JSON.parse(answer.text);
  return (ERROR_CODES as readonly string[]).includes(error.code) && error.message.length > 0 && error.requestId === answer.requestId;
}

/** Sends `RUNS` generated bodies and returns how many were accepted, so a test can tell the
 * generator still reaches the success path. */
async function property(method: string, path: () => string, body: fc.Arbitrary<unknown>) {
  let successes = 0;
  await fc.assert(
    fc.asyncProperty(body, async (value) => {
      const answer = await send(method, path(), value);
      successes += answer.status < 400 ? 1 : 0;
      return wellFormed(answer);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  accepted.set(`${method} ${path()}`, successes);
  return successes;
}

beforeAll(async () => {
  const live = await liveCampaign("email", { subject: "Hi {{profile.firstName}}", text: "x" });
  key = await createKey(live.key, ["trigger", "manage", "read"], { rateLimit: { limit: 1_000_000, windowSeconds: 60 } });
  campaignId = live.campaignId;
  surfaceId = live.surfaceId;
  profileId = (await createOk(key, "/v1/profiles", { identities: [{ namespace: "email", value: "fuzz@example.com" }] })).id;
}, 60_000);

describe("campaign rules hostile input", () => {
  it("answers surface bodies with 4xx envelopes", async () => {
    await property("POST", () => "/v1/surfaces", surfaceBody);
    await property("PATCH", () => `/v1/surfaces/${surfaceId}`, surfaceBody);
  }, 120_000);

  it("answers campaign bodies with 4xx envelopes", async () => {
    await property("POST", () => "/v1/campaigns", campaignBody(surfaceId));
    await property("PATCH", () => `/v1/campaigns/${campaignId}`, campaignBody(surfaceId));
  }, 120_000);

  it("answers profile bodies with 4xx envelopes", async () => {
    await property("POST", () => "/v1/profiles", profileBody);
    await property("PATCH", () => `/v1/profiles/${profileId}`, profileBody);
  }, 120_000);

  it("answers preview bodies with 4xx envelopes", async () => {
    await property("POST", () => `/v1/campaigns/${campaignId}/preview`, previewBody);
  }, 120_000);

  it("reaches the success path of each route", () => {
    console.log(`accepted of ${RUNS} each: ${JSON.stringify(Object.fromEntries(accepted))}`);
    for (const [route, count] of accepted) {
      expect(count, route).toBeGreaterThan(0);
    }
    expect(accepted.size).toBe(7);
  });

  it("reviews every campaign it accepted", async () => {
    const list = await api("/v1/campaigns", { key });
    expect(list.status).toBe(200);
    for (const campaign of list.body.items.slice(0, 50)) {
      const review = await api(`/v1/campaigns/${campaign.id}/review`, { key, method: "POST" });
      expect(review.status, JSON.stringify(review.body)).toBe(200);
      const sample = await api(`/v1/campaigns/${campaign.id}/sample-request`, { key });
      expect(sample.status, JSON.stringify(sample.body)).toBe(200);
    }
  }, 120_000);
});
