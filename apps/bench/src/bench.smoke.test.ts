import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BenchResults, RuntimeResult } from "./results.ts";

const dir = mkdtempSync(join(tmpdir(), "herald-bench-smoke-"));
let results: BenchResults;
let report: string;

beforeAll(async () => {
  const out = join(dir, "results.json");
  const markdown = join(dir, "BENCHMARKS.md");
  await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "main.ts"), "--smoke", "--soak-seconds", "6", "--runtime", "workers,node", "--out", out, "--markdown", markdown],
    { cwd: join(import.meta.dirname, ".."), timeout: 400_000, maxBuffer: 16 * 1024 * 1024 },
  );
  results = JSON.parse(readFileSync(out, "utf8")) as BenchResults;
  report = readFileSync(markdown, "utf8");
}, 410_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function runtime(name: string): RuntimeResult {
  const found = results.runtimes.find((result) => result.runtime === name);
  if (found === undefined) {
    throw new Error(`no ${name} results in ${JSON.stringify(results.runtimes.map((result) => result.runtime))}`);
  }
  return found;
}

describe.each(["workers", "node"])("bench smoke run on %s", (name) => {
  it("measures the bare route", () => {
    expect(runtime(name).health.requestsPerSecond).toBeGreaterThan(0);
  });

  it("measures the reference server", () => {
    expect(runtime(name).reference?.writeAndEnqueue.accepted).toBeGreaterThan(0);
  });

  it("accepts trigger calls", () => {
    expect(runtime(name).trigger1.load.accepted).toBeGreaterThan(0);
  });

  it("answers every sized call with 202", () => {
    const statuses = runtime(name).recipients.map((step) => step.load.statuses);
    const others = statuses.flatMap((counts) => Object.keys(counts).filter((code) => code !== "202"));
    expect(others, JSON.stringify(statuses)).toEqual([]);
  });

  it("delivers end to end", () => {
    expect(runtime(name).endToEnd.latencyMs.count).toBeGreaterThan(0);
  });

  it("samples memory during the soak", () => {
    expect(runtime(name).soak?.samples.length).toBeGreaterThan(0);
  });

  it("sends every accepted overload message once", () => {
    const overload = runtime(name).overload;
    expect(overload.acceptedNotSent, JSON.stringify(overload)).toBe(0);
    expect(overload.sentMoreThanOnce, JSON.stringify(overload)).toBe(0);
  });
});

describe("bench report", () => {
  it("has a section per runtime", () => {
    expect(report).toContain("## Workers runtime");
    expect(report).toContain("## Node server");
  });
});
