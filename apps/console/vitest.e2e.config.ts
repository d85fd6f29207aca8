import { defineConfig } from "vitest/config";
import { reportOptions } from "../../vitest.reports.ts";

/** Browser tests: Chromium drives the console served by `wrangler dev`. */
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    ...reportOptions("console-e2e"),
  },
});
