import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser } from "./browser.ts";
import { type RunningWorker, callApi, createSandbox, startWorker } from "./worker.ts";

let worker: RunningWorker;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let apiKey: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  worker = await startWorker();
  apiKey = await createSandbox(worker.baseUrl, "console-lifecycle");
  browser = await openBrowser();
  page = await browser.context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(`${worker.baseUrl}/console/#/sign-in`);
  await page.getByLabel("API key").fill(apiKey);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Campaigns", exact: true }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

async function open(hash: string, title: string) {
  await page.goto(`${worker.baseUrl}/console/${hash}`);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
}

/** Creates an outbox email surface and a live campaign through the API, for the lifecycle steps. */
async function liveEmailCampaign(title: string) {
  const surface = await callApi(worker.baseUrl, apiKey, "POST", "/v1/surfaces", {
    channel: "email",
    name: `${title} mail`,
    provider: "outbox",
    fromAddress: "noreply@example.com",
  });
  const campaign = await callApi(worker.baseUrl, apiKey, "POST", "/v1/campaigns", {
    channel: "email",
    title,
    surfaceId: surface.id,
    createProfiles: true,
    content: { subject: "Your code is {{context.code}}", text: "Code: {{context.code}}" },
  });
  await callApi(worker.baseUrl, apiKey, "POST", `/v1/campaigns/${campaign.id}/activate`);
  return campaign.id as string;
}

describe("console preview", () => {
  it("counts SMS segments as carriers do", async () => {
    await open("#/surfaces/new/sms", "New SMS surface");
    await page.getByLabel("Name (required)").fill("Codes");
    await page.getByLabel("Sender (required)").fill("Herald");
    await page.getByRole("button", { name: "Create surface" }).click();
    await page.getByRole("link", { name: "Codes" }).waitFor();
    await open("#/campaigns/new/sms", "New SMS campaign");
    await page.getByLabel("Message").fill(`this is a ${"]".repeat(74)}😘`);
    const segments = page.getByTestId("sms-segments");
    await expect.poll(() => segments.textContent()).toBe("2 segments · UCS-2 · 86 UTF-16 units");
    const encoding = page.locator('[data-code="SMS_ENCODING"]');
    expect(await encoding.textContent()).toContain('"😘" is not in the GSM-7 alphabet');
    await page.getByLabel("Message").fill("Your code is {{context.code}}");
    // The sample context fills in "<code>", so the rendered body is "Your code is <code>".
    await expect.poll(() => segments.textContent()).toBe("1 segment · GSM-7 · 19 septets");
  });

  it("measures the push payload against 4096 bytes", async () => {
    await open("#/surfaces/new/push", "New push surface");
    await page.getByLabel("Name (required)").fill("App");
    await page.getByLabel("App id").fill("com.example.app");
    await page.getByRole("button", { name: "Create surface" }).click();
    await page.getByRole("link", { name: "App", exact: true }).waitFor();
    await open("#/campaigns/new/push", "New push campaign");
    await page.getByLabel("Title (required)").fill("Order update");
    await page.getByLabel("Title", { exact: true }).fill("Shipped");
    await page.getByLabel("Body", { exact: true }).fill("x".repeat(5000));
    const size = page.getByTestId("push-size");
    await expect.poll(() => size.textContent()).toMatch(/^50\d\d of 4096 bytes · too large for APNs and FCM$/);
    await page.getByRole("button", { name: "Create campaign" }).click();
    const summary = page.locator(".problem-summary");
    await expect.poll(() => summary.textContent()).toContain("content: the push payload is");
  });
});

describe("console lifecycle", () => {
  it("edits a surface", async () => {
    const surface = await callApi(worker.baseUrl, apiKey, "POST", "/v1/surfaces", {
      channel: "email",
      name: "Receipts",
      provider: "outbox",
      fromAddress: "receipts@example.com",
    });
    await open(`#/surfaces/${surface.id}`, "Surface Receipts");
    await page.getByLabel("From name").fill("Example Shop");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { name: "Surfaces", exact: true }).waitFor();
    await expect.poll(() => page.getByText("Example Shop <receipts@example.com>").count()).toBe(1);
  });

  it("sends a test request and shows its message", async () => {
    const campaignId = await liveEmailCampaign("One-time code");
    await open(`#/campaigns/${campaignId}`, "One-time code");
    await page.getByText("Send a test request from here").click();
    const body = page.getByLabel("Request body");
    const sample = JSON.parse(await body.inputValue()) as { recipients: { context: Record<string, string> }[] };
    sample.recipients[0]!.context.code = "482913";
    await body.fill(JSON.stringify(sample));
    await page.getByRole("button", { name: "Send this request" }).click();
    const link = page.getByRole("link", { name: /See execution exe_/ });
    await link.waitFor();
    const next = JSON.parse(await body.inputValue()) as { requestId: string };
    expect(next.requestId).not.toBe((sample as unknown as { requestId: string }).requestId);
    await link.click();
    const row = page.locator("tbody tr", { hasText: "jane@example.com" });
    await expect.poll(() => row.locator(".badge").textContent(), { timeout: 20_000 }).toBe("sent");
    await row.getByRole("link", { name: "jane@example.com" }).click();
    await page.getByRole("heading", { name: "Message to jane@example.com" }).waitFor();
    await expect.poll(() => page.locator(".part", { hasText: "subject" }).locator("pre").textContent()).toBe(
      "Your code is 482913",
    );
  });

  it("reaches every campaign action with Tab", async () => {
    const campaignId = await liveEmailCampaign("Keyboard");
    await open(`#/campaigns/${campaignId}`, "Keyboard");
    const reached = new Set<string>();
    for (let step = 0; step < 60; step += 1) {
      await page.keyboard.press("Tab");
      reached.add(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ""));
    }
    for (const label of ["Stop", "Duplicate", "Save changes", "Copy cURL", "Send a test request from here"]) {
      expect(reached.has(label), `${label} is reachable with Tab`).toBe(true);
    }
  });

  it("stops, archives and duplicates a campaign", async () => {
    const campaignId = await liveEmailCampaign("Welcome");
    await open(`#/campaigns/${campaignId}`, "Welcome");
    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => page.locator("h1 .badge").textContent()).toBe("stopped");
    expect(await page.getByRole("button", { name: "Save changes" }).count()).toBe(0);
    await page.getByRole("button", { name: "Archive" }).click();
    await expect.poll(() => page.locator("h1 .badge").textContent()).toBe("archived");
    await page.getByRole("button", { name: "Duplicate" }).click();
    await page.getByRole("heading", { level: 1, name: "Welcome (copy)" }).waitFor();
    expect(await page.locator("h1 .badge").textContent()).toBe("draft");
    expect(page.url()).not.toContain(campaignId);
  });

  it("lists campaigns with channel and status", async () => {
    await open("#/campaigns", "Campaigns");
    const row = page.locator("tbody tr", { hasText: "Welcome (copy)" });
    await expect.poll(() => row.locator("td").first().textContent()).toBe("Email");
    expect(await row.locator(".badge").textContent()).toBe("draft");
  });

  it("raised no script errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
