import { defineConfig } from "vitest/config";
import { reportOptions } from "../../vitest.reports.ts";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    ...reportOptions("bench"),
  },
});
