import { createExecutionContext, env } from "cloudflare:test";
import { ERROR_CODES } from "@herald/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey, populatedSandbox } from "../test/fixtures.ts";
import { api, liveEmailCampaign, recipient, reportFigures, triggerBody, waitForFinal } from "../test/helpers.ts";
import worker from "./worker.ts";

const RUNS_PER_PROPERTY = 2_500;
const counts = { requests: 0, serverErrors: 0, badEnvelopes: 0 };

interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

let fixture: Awaited<ReturnType<typeof populatedSandbox>>;
let key: string;

/** Strings that have broken parsers, templates, headers and databases before. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\r\nBcc: victim@example.com",
    "{{context.resetUrl}}",
    "{{{profile}}}",
    "{{#context}}{{/context}}",
    "{{> partial}}",
    "__proto__",
    "constructor",
    "<script>alert(1)</script>",
    "'; DROP TABLE messages; --",
    "\uD800",
    "😘".repeat(300),
    "a".repeat(70_000),
    "jane@example.com\r\n",
    "+1 (555) 555-0100 ext. 9",
    "../../etc/passwd",
    "%00%2e%2e%2f",
    "1e309",
    "NaN",
  ),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 4 }),
  fc.dictionary(nasty, nasty, { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 4 }),
);

/** A body close to a valid trigger call, with any field swapped for something hostile. */
function triggerLike(campaignId: string) {
  const recipientLike = fc.record(
    {
      type: fc.oneof(fc.constantFrom("aep", "external"), hostileValue),
      userId: fc.oneof(fc.emailAddress(), nasty, hostileValue),
      namespace: fc.oneof(fc.constantFrom("email", "phone", "ecid"), nasty),
      channelData: fc.oneof(fc.record({ emailAddress: fc.oneof(fc.emailAddress(), nasty) }), hostileValue),
      profile: fc.oneof(fc.constant(recipient("x@example.com").profile), hostileValue),
      context: fc.oneof(fc.record({ resetUrl: nasty, system: hostileValue }, { requiredKeys: ["resetUrl"] }), hostileValue),
    },
    { requiredKeys: [] },
  );
  return fc.record(
    {
      requestId: fc.oneof(fc.uuid(), nasty, hostileValue),
      campaignId: fc.oneof(fc.constant(campaignId), nasty, hostileValue),
      recipients: fc.oneof(fc.array(recipientLike, { maxLength: 25 }), hostileValue),
      extra: hostileValue,
    },
    { requiredKeys: [] },
  );
}

function bodyOf(value: unknown, raw: fc.Arbitrary<string | Uint8Array>) {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(JSON.stringify(value) ?? "null") },
    { weight: 2, arbitrary: raw },
  );
}

const rawBody = fc.oneof(
  fc.string(),
  fc.uint8Array({ maxLength: 64 }),
  fc.constantFrom("{", "[", '{"a":', "nul", `${"[".repeat(100_000)}`, '{"requestId":"x"}'.repeat(1000)),
);

const headerSets = fc.record(
  {
    "content-type": fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", ""),
    "idempotency-key": nasty.filter((value) => /^[\t\x20-\x7e]*$/.test(value)),
    "x-sandbox-name": fc.constantFrom("prod", ""),
  },
  { requiredKeys: ["content-type"] },
);

function triggerRequests(): fc.Arbitrary<HostileRequest> {
  return fc
    .tuple(triggerLike(fixture.ids.campaigns ?? ""), headerSets, fc.constantFrom("POST", "POST", "POST", "PUT", "GET"))
    .chain(([value, headers, method]) =>
      bodyOf(value, rawBody).map((body) => ({
        method,
        path: "/ajo/im/executions/unitary",
        headers,
        ...(method === "GET" ? {} : { body }),
      })),
    );
}

const MANAGEMENT_PATHS = [
  "/v1/surfaces",
  "/v1/campaigns",
  "/v1/api-keys",
  "/v1/profiles",
  "/v1/messages",
  "/v1/executions",
  "/v1/stats/messages-per-hour",
];

function managementRequests(): fc.Arbitrary<HostileRequest> {
  const ids = Object.entries(fixture.ids).map(([resource, id]) => `/v1/${resource}/${id}`);
  const actions = ["", "/review", "/activate", "/stop", "/archive", "/duplicate", "/preview", "/sample-request"];
  const path = fc.oneof(
    fc.constantFrom(...MANAGEMENT_PATHS, ...ids),
    fc.tuple(fc.constantFrom(...ids.filter((id) => id.includes("campaigns"))), fc.constantFrom(...actions)).map(([a, b]) => a + b),
    fc.tuple(fc.constantFrom(...MANAGEMENT_PATHS), fc.webSegment()).map(([a, b]) => `${a}/${b}`),
    fc.tuple(fc.constantFrom(...MANAGEMENT_PATHS), fc.webQueryParameters()).map(([a, b]) => `${a}?${b}`),
    fc.webPath().map((segment) => `/v1${segment}`),
  );
  return fc
    .tuple(path, fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE"), hostileValue, headerSets)
    .chain(([target, method, value, headers]) =>
      bodyOf(value, rawBody).map((body) => ({
        method,
        path: target,
        headers,
        ...(method === "GET" || method === "DELETE" ? {} : { body }),
      })),
    );
}

async function send(request: HostileRequest) {
  const headers: Record<string, string> = { ...request.headers, authorization: `Bearer ${key}` };
  if (headers["x-sandbox-name"] === "") {
    headers["x-sandbox-name"] = fixture.name;
  }
  // The Worker's own fetch handler, with the test's bindings: SELF.fetch in the Workers pool
  // slows down with every call it has made, which 10,000 calls turn into hours.
  const incoming = new Request(`http://herald.test${request.path}`, {
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const response = await worker.fetch(incoming, env, createExecutionContext());
  const text = await response.text();
  counts.requests += 1;
  return { status: response.status, text, requestId: response.headers.get("herald-request-id") };
}

/** Checks one answer: never a 5xx, and every error in the one envelope. */
function wellFormed(answer: Awaited<ReturnType<typeof send>>): boolean {
  if (answer.status >= 500) {
    counts.serverErrors += 1;
    return false;
  }
  if (answer.status < 400) {
    return true;
  }
  try {
    const { error } = JSON.parse(answer.text);
    const ok =
      (ERROR_CODES as readonly string[]).includes(error.code) &&
      typeof error.message === "string" &&
      error.message.length > 0 &&
      error.requestId === answer.requestId;
    if (!ok) {
      counts.badEnvelopes += 1;
    }
    return ok;
  } catch {
    counts.badEnvelopes += 1;
    return false;
  }
}

beforeAll(async () => {
  fixture = await populatedSandbox();
  key = await createKey(fixture.key, ["trigger", "manage", "read"], { rateLimit: { limit: 1_000_000, windowSeconds: 60 } });
}, 60_000);

afterAll(async () => {
  console.log(`hostile input: ${counts.requests} requests, ${counts.serverErrors} 5xx, ${counts.badEnvelopes} without the envelope`);
  await reportFigures("hostileInput", counts);
});

describe("hostile input", () => {
  it("answers malformed trigger calls with 4xx envelopes", async () => {
    await fc.assert(
      fc.asyncProperty(triggerRequests(), async (request) => {
        const answer = await send(request);
        return wellFormed(answer);
      }),
      { numRuns: RUNS_PER_PROPERTY * 2, endOnFailure: true },
    );
  }, 300_000);

  it("answers malformed management calls with 4xx envelopes", async () => {
    await fc.assert(
      fc.asyncProperty(managementRequests(), async (request) => {
        const answer = await send(request);
        return wellFormed(answer);
      }),
      { numRuns: RUNS_PER_PROPERTY * 2, endOnFailure: true },
    );
  }, 300_000);

  it("sent at least 10,000 requests without a 5xx", () => {
    expect(counts.requests).toBeGreaterThanOrEqual(10_000);
    expect(counts.serverErrors).toBe(0);
    expect(counts.badEnvelopes).toBe(0);
  });
});

describe("template text in values", () => {
  it("inserts context values as text, never rendering them again", async () => {
    const { key: owner, campaignId } = await liveEmailCampaign();
    const values = ["{{profile.person.name.firstName}}", "{{{context.resetUrl}}}", "{{#a}}x{{/a}}", "{{=<% %>=}}<%x%>", "{{> p}}"];
    for (const value of values) {
      const trigger = await api("/ajo/im/executions/unitary", {
        key: owner,
        body: triggerBody(campaignId, [
          recipient(`template-${crypto.randomUUID()}@example.com`, {
            profile: { person: { name: { firstName: value } } },
            context: { resetUrl: value },
          }),
        ]),
      });
      expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
      await waitForFinal(owner, trigger.body.executionId);
      const message = await api(`/v1/messages/${trigger.body.recipients[0].messageId}`, { key: owner });
      expect(message.body.rendered.text, value).toBe(`Reset: ${value}`);
      expect(message.body.rendered.subject, value).toBe(`Hi ${value}, reset your password`);
    }
  });

  it("inserts any generated value as text", async () => {
    const { key: owner, campaignId } = await liveEmailCampaign();
    const braces = fc.stringMatching(/^[a-z{}#^\/&>!= .]{1,40}$/);
    await fc.assert(
      fc.asyncProperty(braces, async (value) => {
        const trigger = await api("/ajo/im/executions/unitary", {
          key: owner,
          body: triggerBody(campaignId, [recipient(`gen-${crypto.randomUUID()}@example.com`, { context: { resetUrl: value } })]),
        });
        if (trigger.status !== 202) {
          return false;
        }
        await waitForFinal(owner, trigger.body.executionId);
        const message = await api(`/v1/messages/${trigger.body.recipients[0].messageId}`, { key: owner });
        return message.body.rendered.text === `Reset: ${value}`;
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
