// `pnpm bench`: starts Herald on each runtime on 127.0.0.1, drives it from a separate
// autocannon process, writes the results JSON and renders BENCHMARKS.md from it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { renderBenchmarks, summaryLines } from "./render.ts";
import type { BenchResults, RuntimeResult } from "./results.ts";
import { type SuiteSettings, runSuite } from "./suite.ts";
import { REPO_ROOT, type Target } from "./target.ts";
import { startTarget } from "./targets.ts";

const { values } = parseArgs({
  options: {
    runtime: { type: "string", default: "workers,node" },
    smoke: { type: "boolean", default: false },
    soak: { type: "boolean", default: false },
    "soak-seconds": { type: "string" },
    seconds: { type: "string" },
    "drain-seconds": { type: "string" },
    out: { type: "string" },
    markdown: { type: "string" },
  },
});

const smoke = values.smoke === true;

/** Returns the seconds of the memory soak: `--soak-seconds`, or 300 with `--soak`, else none. */
function soakSeconds(): number {
  if (values["soak-seconds"] !== undefined) {
    return Number(values["soak-seconds"]);
  }
  return values.soak ? 300 : 0;
}
const stepSeconds = Number(values.seconds ?? (smoke ? 1 : 10));
const workDir = mkdtempSync(join(tmpdir(), "herald-bench-"));
const settings: SuiteSettings = {
  warmupSeconds: smoke ? 0 : 3,
  stepSeconds,
  endToEndSeconds: smoke ? 2 : Math.max(60, stepSeconds),
  connections: smoke ? 4 : 50,
  recipientSizes: smoke ? [1, 20] : [1, 20, 100, 1000],
  sizeConnections: smoke ? 2 : 10,
  overloadSeconds: smoke ? 1 : 20,
  overloadConnections: smoke ? 8 : 200,
  soakSeconds: soakSeconds(),
  drainTimeoutSeconds: Number(values["drain-seconds"] ?? (smoke ? 60 : 300)),
  workDir,
};

function machine(): BenchResults["machine"] {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${process.platform} ${release()}`,
  };
}

async function measure(runtime: string): Promise<RuntimeResult> {
  const stateDir = join(workDir, runtime);
  mkdirSync(stateDir, { recursive: true });
  const { target, description } = await startTarget(runtime, stateDir);
  try {
    return await runSuite(target as Target, description, settings);
  } finally {
    await target.close();
  }
}

const results: BenchResults = {
  date: new Date().toISOString(),
  command: `pnpm bench ${process.argv.slice(2).join(" ")}`.trim(),
  machine: machine(),
  loadAverage: { before: loadavg(), after: [] },
  settings: {
    warmupSeconds: settings.warmupSeconds,
    stepSeconds: settings.stepSeconds,
    endToEndSeconds: settings.endToEndSeconds,
    connections: settings.connections,
  },
  runtimes: [],
};

const out = values.out ?? (smoke ? join(workDir, "results.json") : join(REPO_ROOT, "apps", "bench", "results.json"));
const markdown = values.markdown ?? (smoke ? join(workDir, "BENCHMARKS.md") : join(REPO_ROOT, "BENCHMARKS.md"));
try {
  for (const runtime of (values.runtime ?? "").split(",").filter(Boolean)) {
    console.log(`benchmarking ${runtime}`);
    const result = await measure(runtime);
    results.runtimes.push(result);
    console.log(summaryLines(result).join("\n"));
    // Written after each runtime, so a run stopped later keeps what it measured.
    results.loadAverage.after = loadavg();
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(markdown, renderBenchmarks(results));
  }
  console.log(`results: ${out}\nreport: ${markdown}`);
} finally {
  for (const runtime of ["workers", "node"]) {
    rmSync(join(workDir, runtime), { recursive: true, force: true });
  }
}
