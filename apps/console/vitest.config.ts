import { defineConfig } from "vitest/config";
import { reportOptions } from "../../vitest.reports.ts";

/** Unit tests of the console's pure modules, on Node. */
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    ...reportOptions("console"),
  },
});
