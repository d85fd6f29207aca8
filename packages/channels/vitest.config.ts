import { defineConfig } from "vitest/config";
import { reportOptions } from "../../vitest.reports.ts";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    ...reportOptions("channels"),
  },
});
