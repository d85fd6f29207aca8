import type { TestProject } from "vitest/node";
import { startServerProcess, stopServerProcess, temporaryDatabase } from "./server-process.ts";

declare module "vitest" {
  export interface ProvidedContext {
    heraldUrl: string;
    heraldDatabaseUrl: string;
  }
}

/** Starts one Node server on a free loopback port for the API's route tests, as the workerd pool's bindings set it up. */
export default async function setup(project: TestProject) {
  const database = temporaryDatabase();
  const server = await startServerProcess({
    DATABASE_URL: database.url,
    HERALD_BOOTSTRAP_TOKEN: "test-bootstrap-token",
    RETRY_BASE_SECONDS: "0",
    QUEUE_POLL_MS: "20",
  });
  project.provide("heraldUrl", server.url);
  project.provide("heraldDatabaseUrl", database.url);
  return async () => {
    await stopServerProcess(server);
    database.remove();
  };
}
