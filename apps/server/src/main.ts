import { jsonLogger } from "@herald/api";
import { ConfigError, readConfig } from "./config.ts";
import { processLogWriter } from "./log-writer.ts";
import { startServer } from "./server.ts";

// Runs Herald on Node until SIGINT or SIGTERM; see the README for the environment variables.
const log = jsonLogger({}, processLogWriter());
try {
  const server = await startServer(readConfig(process.env));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info("server stopping", { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("server stop failed", { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
} catch (error) {
  const message = error instanceof ConfigError ? "invalid configuration" : "server start failed";
  log.error(message, { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
