#!/usr/bin/env node
// Runs every test suite through turbo, then prints one `N passed, N failed` line totalled
// from the vitest JSON reports each suite writes.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const reportsDir = join(root, "reports");
rmSync(reportsDir, { recursive: true, force: true });
mkdirSync(reportsDir, { recursive: true });

const pnpm = process.env.HERALD_PNPM ?? "pnpm";
const env = {
  ...process.env,
  HERALD_REPORTS_DIR: reportsDir,
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};
const tasks = ["test", "test:e2e"];
const result = spawnSync(
  pnpm,
  ["exec", "turbo", "run", ...tasks, "--concurrency=1", "--continue", "--log-order=stream"],
  { cwd: root, stdio: "inherit", env },
);

let passed = 0;
let failed = 0;
const reports = readdirSync(reportsDir).filter((name) => name.endsWith(".json"));
for (const name of reports) {
  const report = JSON.parse(readFileSync(join(reportsDir, name), "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0 ? 0 : 0);
  if ((report.numFailedTestSuites ?? 0) > 0 && (report.numFailedTests ?? 0) === 0) {
    // A suite that failed to load reports no failed tests; count it so it cannot pass silently.
    failed += report.numFailedTestSuites;
  }
}
const turboFailed = result.status !== 0;
if (turboFailed && failed === 0) {
  console.error("a test task failed without a vitest report; see the output above");
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
