import type { Target } from "./target.ts";
import { startNodeTarget } from "./node-target.ts";
import { startWorkersTarget } from "./workers-target.ts";

/** Recipients per call the servers accept during the benchmark, so the 1,000 step runs. */
const MAX_RECIPIENTS = "1000";
// The benchmark sends far more than the default 600 requests a minute per key.
const RATE_LIMIT_REQUESTS = "1000000000";
const BOOTSTRAP_TOKEN = "bench-bootstrap-token";

export async function startTarget(runtime: string, stateDir: string): Promise<{ target: Target; description: string }> {
  if (runtime === "workers") {
    const target = await startWorkersTarget({
      stateDir,
      bootstrapToken: BOOTSTRAP_TOKEN,
      vars: { MAX_RECIPIENTS, RATE_LIMIT_REQUESTS },
    });
    return {
      target,
      description: "bundled Worker in Miniflare (local D1 file, local Queues, consumers from wrangler.toml, no inspector, log level warn)",
    };
  }
  if (runtime === "node") {
    const target = await startNodeTarget({ stateDir, bootstrapToken: BOOTSTRAP_TOKEN, vars: { MAX_RECIPIENTS, RATE_LIMIT_REQUESTS } });
    return {
      target,
      description: "Node server (apps/server on @hono/node-server) with a libSQL file database in WAL mode and its in-process consumer",
    };
  }
  throw new Error(`unknown runtime ${runtime}; use workers or node`);
}
