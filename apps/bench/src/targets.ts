import type { Target } from "./target.ts";
import { startWorkersTarget } from "./workers-target.ts";

/** Recipients per call the servers accept during the benchmark, so the 1,000 step runs. */
const MAX_RECIPIENTS = "1000";
const BOOTSTRAP_TOKEN = "bench-bootstrap-token";

export async function startTarget(runtime: string, stateDir: string): Promise<{ target: Target; description: string }> {
  if (runtime === "workers") {
    const target = await startWorkersTarget({
      stateDir,
      bootstrapToken: BOOTSTRAP_TOKEN,
      vars: { MAX_RECIPIENTS },
    });
    return {
      target,
      description: "bundled Worker in Miniflare (local D1 file, local Queues, consumers from wrangler.toml, no inspector, log level warn)",
    };
  }
  throw new Error(`unknown runtime ${runtime}; use workers or node`);
}
