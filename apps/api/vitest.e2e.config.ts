import { defineConfig } from "vitest/config";
import { reportOptions } from "../../vitest.reports.ts";

/** End-to-end tests on Node that drive real `wrangler dev` processes. */
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.test.ts"],
    testTimeout: 120_000,
    ...reportOptions("api-e2e"),
  },
});
