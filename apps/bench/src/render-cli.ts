// `pnpm bench:render`: rerenders BENCHMARKS.md from apps/bench/results.json.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderBenchmarks } from "./render.ts";
import type { BenchResults } from "./results.ts";
import { REPO_ROOT } from "./target.ts";

const input = process.argv[2] ?? join(REPO_ROOT, "apps", "bench", "results.json");
const output = process.argv[3] ?? join(REPO_ROOT, "BENCHMARKS.md");
const results = JSON.parse(readFileSync(input, "utf8")) as BenchResults;
writeFileSync(output, renderBenchmarks(results));
console.log(`rendered ${output} from ${input}`);
