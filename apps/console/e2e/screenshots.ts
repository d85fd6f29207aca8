import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";

// `pnpm --filter @herald/console screenshots` sets this to docs/screenshots. Otherwise the
// pictures go to a temporary folder, so a test run never changes tracked files.
const dir = process.env.HERALD_SCREENSHOTS_DIR
  ? resolve(process.env.HERALD_SCREENSHOTS_DIR)
  : mkdtempSync(join(tmpdir(), "herald-screenshots-"));
mkdirSync(dir, { recursive: true });

/**
 * Saves a screenshot as `<name>.png` and returns its path. Toasts are hidden first, because
 * they only stay for a few seconds and would cover the page.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  const path = join(dir, `${name}.png`);
  await page.evaluate(() => document.getElementById("toast")?.classList.remove("visible"));
  await page.screenshot({ path, fullPage: options.fullPage ?? true, animations: "disabled" });
  return path;
}
