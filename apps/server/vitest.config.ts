import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { reportOptions } from "../../vitest.reports.ts";
import { apiRoot, portableApiTests } from "./test/api-tests.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  test: {
    ...reportOptions("server"),
    projects: [
      {
        test: {
          name: "server",
          include: ["src/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "api-on-node",
          root: apiRoot,
          include: portableApiTests(),
          setupFiles: [here("./test/http-runtime.ts")],
          globalSetup: [here("./test/server.global.ts")],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
