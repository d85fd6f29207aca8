import { expect } from "vitest";
import { testRuntime } from "./runtime.ts";

let sandboxCount = 0;

export interface ApiResult<T = Record<string, any>> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = Record<string, any>>(
  path: string,
  options: { method?: string; key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) {
    headers.authorization = `Bearer ${options.key}`;
  }
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const request = new Request(`http://herald.test${path}`, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
  const response = await testRuntime().fetch(request);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

export async function newSandbox(): Promise<string> {
  sandboxCount += 1;
  const name = `test-${Date.now().toString(36)}-${sandboxCount}-${Math.random().toString(36).slice(2, 8)}`;
  const result = await api("/v1/sandboxes", {
    headers: { authorization: "Bearer test-bootstrap-token" },
    body: { name },
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body.apiKey as string;
}

export async function createOk(key: string, path: string, body: unknown): Promise<Record<string, any>> {
  const result = await api(path, { key, body });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body;
}

export async function activate(key: string, campaignId: string) {
  const result = await api(`/v1/campaigns/${campaignId}/activate`, { key, method: "POST" });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body;
}

export const emailSurface = {
  channel: "email",
  name: "Transactional email",
  provider: "outbox",
  fromAddress: "noreply@example.com",
  fromName: "Example",
};

export function emailCampaign(surfaceId: string, overrides: Record<string, unknown> = {}) {
  return {
    channel: "email",
    title: "Password reset",
    surfaceId,
    createProfiles: true,
    content: {
      subject: "Hi {{profile.person.name.firstName}}, reset your password",
      html: '<p>Reset: <a href="{{context.resetUrl}}">link</a></p>',
      text: "Reset: {{context.resetUrl}}",
    },
    ...overrides,
  };
}

/** Creates a sandbox, an outbox email surface and a live campaign. */
export async function liveEmailCampaign(overrides: Record<string, unknown> = {}) {
  const key = await newSandbox();
  const surface = await createOk(key, "/v1/surfaces", emailSurface);
  const campaign = await createOk(key, "/v1/campaigns", emailCampaign(surface.id, overrides));
  await activate(key, campaign.id);
  return { key, surfaceId: surface.id as string, campaignId: campaign.id as string };
}

export function recipient(userId: string, extra: Record<string, unknown> = {}) {
  return {
    type: "aep",
    userId,
    namespace: "email",
    profile: { person: { name: { firstName: "Jane" } } },
    context: { resetUrl: "https://example.com/reset?token=abc&uid=42" },
    ...extra,
  };
}

let requestCount = 0;

export function triggerBody(campaignId: string, recipients: unknown[]) {
  requestCount += 1;
  return { requestId: `req-${Date.now()}-${requestCount}`, campaignId, recipients };
}

/** Polls an execution until every recipient reaches a final status or the time runs out. */
export async function waitForFinal(key: string, executionId: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await api(`/ajo/im/executions/${executionId}`, { key });
    const recipients = result.body.recipients as { status: string }[];
    const done = recipients.every((item) => !["queued", "sending", "retrying"].includes(item.status));
    if (done || Date.now() > deadline) {
      return result.body;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Sends one figure set to the test peer, which writes all of them to
 * reports/reliability/figures.json when the run ends. Call it before the asserts that check
 * the figures, so a failing run still shows what it measured. Does nothing in a project that
 * runs no such peer.
 */
export async function reportFigures(name: string, figures: Record<string, number | string>) {
  const { figuresUrl } = testRuntime();
  if (figuresUrl === undefined) {
    return;
  }
  const response = await fetch(`${figuresUrl}/figures/${encodeURIComponent(name)}`, {
    method: "POST",
    body: JSON.stringify(figures),
  });
  await response.arrayBuffer();
}

/** Counts rows with one SQL query, selecting the count as `n`, against the app's database. */
export async function count(sql: string, ...params: unknown[]): Promise<number> {
  const row = await testRuntime().first(sql, params);
  return Number(row?.n ?? 0);
}
