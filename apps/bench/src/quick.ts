// `pnpm bench:quick [runtime] [seconds] [recipients,...]`: the bare route and trigger calls only,
// for profiling one change at a time. Extra Node flags for the server process, such as
// `--cpu-prof`, go in BENCH_NODE_OPTIONS.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLoad } from "./load.ts";
import { liveCampaign, seedSandbox } from "./seed.ts";
import { startTarget } from "./targets.ts";

const runtime = process.argv[2] ?? "node";
const seconds = Number(process.argv[3] ?? 5);
const sizes = (process.argv[4] ?? "1").split(",").map(Number);
const stateDir = mkdtempSync(join(tmpdir(), "herald-quick-"));
const { target } = await startTarget(runtime, stateDir);
const format = (label: string, rate: number, latency: { p50: number; p99: number }, statuses: object) =>
  console.log(JSON.stringify({ label, callsPerSecond: Math.round(rate), ...latency, statuses }));
try {
  const seeded = await seedSandbox(target, `quick-${Date.now().toString(36)}`);
  const base = { url: target.url, connections: 50, warmupSeconds: 2, durationSeconds: seconds };
  const health = await runLoad({ ...base, label: "health", path: "/health" });
  format("bare route", health.requestsPerSecond, health.latencyMs, health.statuses);
  for (const recipients of sizes) {
    const campaignId = await liveCampaign(target, seeded, `quick ${recipients}`);
    const load = await runLoad({
      ...base,
      label: `trigger-${recipients}`,
      path: "/ajo/im/executions/unitary",
      connections: recipients >= 100 ? 10 : 50,
      trigger: { apiKey: seeded.apiKey, campaignId, recipients, pool: Math.max(1000, recipients) },
    });
    format(`trigger, ${recipients} recipient(s)`, load.requestsPerSecond, load.latencyMs, load.statuses);
  }
} finally {
  await target.close();
  rmSync(stateDir, { recursive: true, force: true });
}
