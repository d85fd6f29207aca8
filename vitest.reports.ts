import { join } from "node:path";

/**
 * Adds vitest's JSON reporter when HERALD_REPORTS_DIR is set, so the root test command can
 * total passed and failed tests from the runners' own reports.
 */
export function reportOptions(name: string) {
  const dir = process.env.HERALD_REPORTS_DIR;
  if (!dir) {
    return {};
  }
  return {
    reporters: ["default", "json"],
    outputFile: { json: join(dir, `${name}.json`) },
  };
}
