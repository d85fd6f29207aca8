// `pnpm bench:quick [runtime] [seconds] [recipients,...]`: the bare route and trigger calls only,
// for profiling one change at a time. Extra Node flags for the server process, such as
// `--cpu-prof`, go in BENCH_NODE_OPTIONS. QUICK_CONNECTIONS sets the connections (50), and
// QUICK_REFERENCE=1 adds the reference server's two steps.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLoad } from "./load.ts";
import { startReference } from "./reference.ts";
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
  const base = { url: target.url, connections: Number(process.env.QUICK_CONNECTIONS ?? 50), warmupSeconds: 2, durationSeconds: seconds };
  const health = await runLoad({ ...base, label: "health", path: "/health" });
  format("bare route", health.requestsPerSecond, health.latencyMs, health.statuses);
  if (process.env.QUICK_REFERENCE === "1") {
    const reference = await startReference(target.runtime, stateDir);
    const trigger = { apiKey: "none", campaignId: "none", recipients: 1, pool: 1000 };
    const bare = await runLoad({ ...base, url: reference.url, label: "reference-bare", path: "/health" });
    const write = await runLoad({ ...base, url: reference.url, label: "reference-write", path: "/", trigger });
    await reference.close();
    format("reference bare route", bare.requestsPerSecond, bare.latencyMs, bare.statuses);
    format("reference insert and enqueue", write.requestsPerSecond, write.latencyMs, write.statuses);
  }
  for (const recipients of sizes) {
    const campaignId = await liveCampaign(target, seeded, `quick ${recipients}`);
    const load = await runLoad({
      ...base,
      label: `trigger-${recipients}`,
      path: "/ajo/im/executions/unitary",
      connections: recipients >= 100 ? 10 : Number(process.env.QUICK_CONNECTIONS ?? 50),
      trigger: { apiKey: seeded.apiKey, campaignId, recipients, pool: Math.max(1000, recipients) },
    });
    format(`trigger, ${recipients} recipient(s)`, load.requestsPerSecond, load.latencyMs, load.statuses);
  }
} finally {
  await target.close();
  rmSync(stateDir, { recursive: true, force: true });
}
