import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, openBrowser } from "./browser.ts";
import { screenshot } from "./screenshots.ts";
import { type RunningWorker, createSandbox, startWorker } from "./worker.ts";

const run = promisify(execFile);

let worker: RunningWorker;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let context: BrowserContext;
let page: Page;
let apiKey: string;
let campaignUrl: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium`);
  }
  worker = await startWorker();
  apiKey = await createSandbox(worker.baseUrl, "console-e2e");
  browser = await openBrowser();
  context = browser.context;
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: worker.baseUrl });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

/** Lists form controls on the page that have neither a label nor an accessible name. */
async function unlabelledControls(): Promise<string[]> {
  return page.$$eval("input, select, textarea", (controls) =>
    controls
      .filter((control) => {
        const element = control as HTMLInputElement;
        return element.type !== "hidden" && element.labels?.length === 0 && !element.getAttribute("aria-label");
      })
      .map((control) => control.outerHTML.slice(0, 120)),
  );
}

function fieldError(path: string) {
  return page.locator(`[data-path="${path}"] .field-error`);
}

describe("console", () => {
  it("signs in with the keyboard", async () => {
    await page.goto(`${worker.baseUrl}/`);
    await page.getByRole("heading", { name: "Sign in to Herald" }).waitFor();
    await page.getByLabel("API key").focus();
    await page.keyboard.type(apiKey);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Campaigns", exact: true }).waitFor();
    const stored = await page.evaluate(() => ({ session: sessionStorage.length, local: localStorage.length }));
    expect(stored).toEqual({ session: 1, local: 0 });
  });

  it("rejects a wrong API key beside the field", async () => {
    const other = await context.newPage();
    await other.goto(`${worker.baseUrl}/console/#/sign-in`);
    await other.getByLabel("API key").fill("hk_wrong");
    await other.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => other.locator(".field-error").textContent()).toContain("not accepted");
    await other.close();
  });

  it("creates an email surface", async () => {
    await page.getByRole("link", { name: "Surfaces" }).click();
    await page.getByRole("link", { name: "New email surface" }).click();
    await page.getByLabel("Name (required)").fill("Transactional mail");
    await page.getByLabel("From address (required)").fill("noreply@example.com");
    await page.getByLabel("From name").fill("Example Shop");
    expect(await unlabelledControls()).toEqual([]);
    await page.getByRole("button", { name: "Create surface" }).click();
    await page.getByRole("heading", { name: "Surfaces", exact: true }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: "Transactional mail" }).count()).toBe(1);
    await screenshot(page, "console-surfaces");
  });

  it("shows a review problem beside its field", async () => {
    await page.getByRole("link", { name: "Campaigns" }).click();
    await page.getByRole("link", { name: "New email campaign" }).click();
    await page.getByLabel("Title (required)").fill("Password reset");
    await page.getByLabel("HTML body").fill('<p>Hi {{profile.person.name.firstName}},</p><p><a href="{{context.resetUrl}}">Reset your password</a></p>');
    await page.getByLabel("Text body").fill("Reset your password: {{context.resetUrl}}");
    expect(await unlabelledControls()).toEqual([]);
    await page.getByRole("button", { name: "Create campaign" }).click();
    await expect.poll(() => fieldError("content.subject").textContent()).toContain("content.subject is required");
    await expect.poll(() => page.locator('[data-path="content.subject"] input').getAttribute("aria-invalid")).toBe("true");
    campaignUrl = page.url();
    expect(campaignUrl).toMatch(/#\/campaigns\/cmp_/);
  });

  it("previews the content with sample data", async () => {
    await page.getByLabel("Subject").fill("Hi {{profile.person.name.firstName}}, reset your password");
    await page.getByLabel("Sample profile (JSON)").fill('{"person": {"name": {"firstName": "Jane"}}}');
    await page.getByLabel("Sample context (JSON)").fill('{"resetUrl": "https://example.com/reset?token=abc&uid=42"}');
    const subject = page.locator('[data-part="content.subject"] pre');
    await expect.poll(() => subject.textContent()).toBe("Hi Jane, reset your password");
    const text = page.locator('[data-part="content.text"] pre');
    await expect.poll(() => text.textContent()).toBe("Reset your password: https://example.com/reset?token=abc&uid=42");
  });

  it("saves the fix and passes review", async () => {
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.locator(".review-status").textContent()).toBe("Review passed: ready to activate.");
    await expect.poll(() => fieldError("content.subject").isHidden()).toBe(true);
  });

  it("activates the campaign", async () => {
    await page.getByRole("button", { name: "Activate", exact: true }).click();
    await expect.poll(() => page.locator("h1 .badge").textContent()).toBe("live");
    await page.getByLabel("Sample profile (JSON)").fill('{"person": {"name": {"firstName": "Jane"}}}');
    await page.getByLabel("Sample context (JSON)").fill('{"resetUrl": "https://example.com/reset?token=abc&uid=42"}');
    await screenshot(page, "console-campaign");
  });

  it("copies the sample request and runs it", async () => {
    await page.getByRole("button", { name: "Copy cURL" }).click();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(curl).toContain(`${worker.baseUrl}/ajo/im/executions/unitary`);
    const { stdout } = await run("bash", ["-c", `${curl} --silent --show-error`], {
      env: { ...process.env, HERALD_API_KEY: apiKey },
    });
    const accepted = JSON.parse(stdout) as { executionId: string; recipients: { status: string }[] };
    expect(accepted.executionId, stdout).toMatch(/^exe_/);
    expect(accepted.recipients[0]?.status).toBe("queued");
  });

  it("shows the message sent in the activity", async () => {
    await page.getByRole("link", { name: "Activity" }).click();
    const row = page.locator("table.messages tbody tr", { hasText: "jane@example.com" });
    await expect.poll(() => row.locator(".badge").textContent(), { timeout: 20_000 }).toBe("sent");
    // The chart refreshes right after the list, so it may show the new status a moment later.
    await expect.poll(() => page.locator(".chart rect.seg-sent").count()).toBe(1);
    expect(await unlabelledControls()).toEqual([]);
    await screenshot(page, "console-activity");
  });

  it("filters messages by status", async () => {
    await page.getByLabel("Status").selectOption("failed,skipped,unknown");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => page.getByText("No message matches these filters.").isVisible()).toBe(true);
    expect(page.url()).toContain("status=failed%2Cskipped%2Cunknown");
  });

  it("fits a phone's width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const pages: [string, string][] = [
      ["#/surfaces", "Surfaces"],
      ["#/activity", "Activity"],
      ["#/campaigns", "Campaigns"],
      [campaignUrl.slice(campaignUrl.indexOf("#")), "Password reset live"],
    ];
    for (const [hash, title] of pages) {
      await page.goto(`${worker.baseUrl}/console/${hash}`);
      await page.getByRole("heading", { level: 1, name: title, exact: true }).waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(width, hash).toBeLessThanOrEqual(0);
    }
    await screenshot(page, "console-phone", { fullPage: false });
  });

  it("raised no script errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
