import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";

// `pnpm --filter @herald/console screenshots` sets this to docs/screenshots; otherwise the
// pictures go to a temporary folder, so a test run never changes tracked files.
const dir = process.env.HERALD_SCREENSHOTS_DIR
  ? resolve(process.env.HERALD_SCREENSHOTS_DIR)
  : mkdtempSync(join(tmpdir(), "herald-screenshots-"));
mkdirSync(dir, { recursive: true });

/** Saves a full-page screenshot as `<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  return path;
}
