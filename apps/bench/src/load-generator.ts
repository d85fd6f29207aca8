// The load generator runs in its own process, so its CPU use is not charged to the server.
// It reads one LoadSpec as JSON from argv, runs autocannon and prints one LoadResult as JSON.
import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import autocannon from "autocannon";
import type { LoadResult, LoadSpec } from "./load-spec.ts";
import { triggerBody } from "./trigger-body.ts";

/** Makes request ids unique across runs, since steps share one sandbox. */
const RUN = randomUUID().slice(0, 8);

function run(spec: LoadSpec, seconds: number, record: boolean): Promise<autocannon.Result & { accepted: number }> {
  let calls = 0;
  let accepted = 0;
  const acceptedIds: string[] = [];
  const body = spec.trigger;
  const request: autocannon.Request =
    body === undefined
      ? { method: "GET", path: spec.path }
      : {
          method: "POST",
          path: spec.path,
          headers: { authorization: `Bearer ${body.apiKey}`, "content-type": "application/json" },
          setupRequest: (req) => {
            calls += 1;
            return { ...req, body: JSON.stringify(triggerBody(body, `${spec.label}-${RUN}-${record ? "m" : "w"}-${calls}`)) };
          },
          onResponse: (status, responseBody) => {
            if (status === 202) {
              accepted += 1;
              if (record && spec.acceptedFile !== undefined) {
                acceptedIds.push((JSON.parse(responseBody) as { executionId: string }).executionId);
              }
            }
          },
        };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: seconds,
        ...(spec.rate === undefined ? {} : { overallRate: spec.rate }),
        requests: [request],
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        if (record && spec.acceptedFile !== undefined && acceptedIds.length > 0) {
          appendFileSync(spec.acceptedFile, `${acceptedIds.join("\n")}\n`);
        }
        resolve({ ...result, accepted });
      },
    );
  });
}

async function main() {
  const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
  if (spec.warmupSeconds > 0) {
    await run(spec, spec.warmupSeconds, false);
  }
  const started = Date.now();
  const result = await run(spec, spec.durationSeconds, true);
  const elapsedSeconds = (Date.now() - started) / 1000;
  const statuses: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[code] = stats.count ?? 0;
  }
  const output: LoadResult = {
    label: spec.label,
    seconds: result.duration,
    elapsedSeconds,
    requests: result.requests.total,
    ok: result["2xx"],
    accepted: spec.trigger === undefined ? result["2xx"] : result.accepted,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    requestsPerSecond: result["2xx"] / result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.mean, max: result.latency.max },
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load generator failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
