import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchResults, RuntimeResult, TriggerStep } from "./results.ts";

/** Hand-written analysis appended to the report: what bounds each target that was missed. */
export const FINDINGS_FILE = join(import.meta.dirname, "..", "findings.md");

const integer = (value: number) => Math.round(value).toLocaleString("en-US");
const ratio = (value: number) => value.toFixed(2);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function row(cells: (string | number)[]): string {
  return `| ${cells.join(" | ")} |`;
}

function callsPerSecond(step: TriggerStep): number {
  return step.load.accepted / step.load.seconds;
}

function statusList(statuses: Record<string, number>): string {
  return Object.entries(statuses)
    .map(([code, count]) => `${code}: ${integer(count)}`)
    .join(", ");
}

export function ratios(result: RuntimeResult) {
  const bare = result.health.requestsPerSecond;
  const one = result.recipients.find((step) => step.recipients === 1);
  const largest = result.recipients.at(-1);
  return {
    trigger1ToBare: bare > 0 ? callsPerSecond(result.trigger1) / bare : 0,
    trigger20ToBare: bare > 0 ? callsPerSecond(result.trigger20) / bare : 0,
    deliveredToAccepted:
      result.endToEnd.acceptedPerSecond > 0 ? result.endToEnd.deliveredPerSecond / result.endToEnd.acceptedPerSecond : 0,
    perRecipientLargestToOne:
      one && largest && one.microsecondsPerRecipient > 0 ? largest.microsecondsPerRecipient / one.microsecondsPerRecipient : 0,
  };
}

/** The lines `pnpm bench` prints for one runtime. */
export function summaryLines(result: RuntimeResult): string[] {
  const r = ratios(result);
  const e2e = result.endToEnd;
  const o = result.overload;
  const reference = result.reference;
  const lines = [
    `${result.runtime}: bare route ${integer(result.health.requestsPerSecond)} req/s (p50 ${result.health.latencyMs.p50} ms, p99 ${result.health.latencyMs.p99} ms)`,
    ...(reference
      ? [`${result.runtime}: reference server bare ${integer(reference.bare.requestsPerSecond)} req/s, one insert and one enqueue ${integer(reference.writeAndEnqueue.requestsPerSecond)} calls/s`]
      : []),
    `${result.runtime}: 1 recipient ${integer(callsPerSecond(result.trigger1))} calls/s (p50 ${result.trigger1.load.latencyMs.p50} ms, p99 ${result.trigger1.load.latencyMs.p99} ms), ratio to bare ${ratio(r.trigger1ToBare)}`,
    `${result.runtime}: 20 recipients ${integer(callsPerSecond(result.trigger20))} calls/s (p50 ${result.trigger20.load.latencyMs.p50} ms, p99 ${result.trigger20.load.latencyMs.p99} ms), ratio to bare ${ratio(r.trigger20ToBare)}`,
    `${result.runtime}: consumer alone after the ${result.trigger20.recipients}-recipient step: ${integer(result.trigger20.drainedPerSecond ?? 0)} messages/s`,
    `${result.runtime}: end to end ${integer(e2e.acceptedPerSecond)} accepted/s, ${integer(e2e.deliveredPerSecond)} delivered/s (ratio ${ratio(r.deliveredToAccepted)}), trigger to sent p50 ${e2e.latencyMs.p50} ms, p99 ${e2e.latencyMs.p99} ms`,
    ...result.recipients.map(
      (step) => `${result.runtime}: ${step.recipients} recipients per call: ${integer(step.recipientsPerSecond)} recipients/s, ${step.microsecondsPerRecipient.toFixed(1)} µs per recipient`,
    ),
    `${result.runtime}: time per recipient at ${result.recipients.at(-1)?.recipients} / at 1: ${ratio(r.perRecipientLargestToOne)}`,
    `${result.runtime}: overload ${integer(o.acceptedCalls)} accepted, ${integer(o.rejectedCalls)} rejected (503), ${integer(o.otherCalls)} other; accepted messages sent once ${integer(o.acceptedSentOnce)} of ${integer(o.acceptedMessages)}, sent more than once ${o.sentMoreThanOnce}`,
  ];
  if (result.soak) {
    lines.push(`${result.runtime}: memory from minute 1 to the end of ${result.soak.seconds} s: ${result.soak.growthPercent.toFixed(1)} %`);
  }
  return lines;
}

/** Describes how fast the consumer alone delivered what each trigger step left behind. */
function drainLines(result: RuntimeResult): string[] {
  const steps = [result.trigger1, result.trigger20].filter((step) => (step.backlogAtEnd ?? 0) > 0);
  if (steps.length === 0) {
    return [];
  }
  const parts = steps.map(
    (step) =>
      `after the ${step.recipients}-recipient step, ${integer(step.backlogAtEnd)} messages in ${step.drainSeconds.toFixed(1)} s (${integer(step.drainedPerSecond)} messages/s)`,
  );
  return [`Consumer alone, with no calls arriving, delivered to the outbox: ${parts.join("; ")}.`, ""];
}

/** Describes the reference server's steps: the same runtime with one insert and one enqueue per call. */
function referenceLines(result: RuntimeResult): string[] {
  const reference = result.reference;
  if (reference === undefined) {
    return [];
  }
  const bare = reference.bare.requestsPerSecond;
  const write = reference.writeAndEnqueue.accepted / reference.writeAndEnqueue.seconds;
  const herald = callsPerSecond(result.trigger1);
  return [
    `Reference server on the same runtime (\`apps/bench/src/reference.ts\`, measured in this run with Herald idle):`,
    `bare route ${integer(bare)} req/s; one insert and one enqueue per call ${integer(write)} calls/s`,
    `(p50 ${reference.writeAndEnqueue.latencyMs.p50} ms, p99 ${reference.writeAndEnqueue.latencyMs.p99} ms), ratio ${ratio(bare > 0 ? write / bare : 0)}.`,
    `Herald's 1-recipient trigger runs at ${ratio(write > 0 ? herald / write : 0)} × that write-and-enqueue floor.`,
    "",
  ];
}

function runtimeSection(result: RuntimeResult, connections: number): string[] {
  const r = ratios(result);
  const e2e = result.endToEnd;
  const o = result.overload;
  const lines = [
    `## ${result.runtime === "workers" ? "Workers runtime" : "Node server"}`,
    "",
    result.description,
    "",
    row(["step", "connections", "calls/s (2xx)", "p50 ms", "p99 ms", "statuses"]),
    row(["---", "---:", "---:", "---:", "---:", "---"]),
    row(["bare `GET /health`", connections, integer(result.health.requestsPerSecond), result.health.latencyMs.p50, result.health.latencyMs.p99, statusList(result.health.statuses)]),
    ...[result.trigger1, result.trigger20].map((step) =>
      row([`trigger, ${step.recipients} recipient${step.recipients === 1 ? "" : "s"}`, step.connections, integer(callsPerSecond(step)), step.load.latencyMs.p50, step.load.latencyMs.p99, statusList(step.load.statuses)]),
    ),
    "",
    `Ratios: 1 recipient / bare = **${ratio(r.trigger1ToBare)}**, 20 recipients / bare = ${ratio(r.trigger20ToBare)}.`,
    "",
    ...drainLines(result),
    ...referenceLines(result),
    `End to end (${e2e.load.seconds} s, ${e2e.recipients} recipients per call offered at ${integer(e2e.offeredCallsPerSecond)} calls/s, 70 % of the`,
    `${integer(result.trigger20.deliveredThroughPerSecond ?? 0)} messages/s the ${result.trigger20.recipients}-recipient step sustained from its first call to its last delivery, capped at 70 % of its call rate):`,
    `${integer(e2e.acceptedPerSecond)} recipients accepted/s, ${integer(e2e.deliveredPerSecond)} messages delivered to the outbox/s`,
    `(delivered / accepted = ${ratio(r.deliveredToAccepted)}), trigger-to-\`sent\` latency p50 ${integer(e2e.latencyMs.p50)} ms, p99 ${integer(e2e.latencyMs.p99)} ms`,
    `over ${integer(e2e.latencyMs.count)} messages. Backlog (accepted, not yet sent) during the run:`,
    `${e2e.backlog.map((sample) => `${sample.second} s: ${integer(sample.messages)}`).join(", ") || "not sampled"}; after the load stopped, the benchmark waited ${e2e.drainSeconds.toFixed(1)} s for the rest (up to its drain limit).`,
    "",
    row(["recipients per call", "connections", "calls/s", "recipients/s", "µs per recipient", "p50 ms", "p99 ms"]),
    row(["---:", "---:", "---:", "---:", "---:", "---:", "---:"]),
    ...result.recipients.map((step) =>
      row([step.recipients, step.connections, integer(callsPerSecond(step)), integer(step.recipientsPerSecond), step.microsecondsPerRecipient.toFixed(1), step.load.latencyMs.p50, step.load.latencyMs.p99]),
    ),
    "",
    `Time per recipient at ${result.recipients.at(-1)?.recipients} / at 1 = **${ratio(r.perRecipientLargestToOne)}**.`,
    "",
    `Overload (${o.load.seconds} s, ${o.connections} connections, 1 recipient per call): ${integer(o.acceptedCalls)} accepted,`,
    `${integer(o.rejectedCalls)} rejected with 503, ${integer(o.otherCalls)} other (${statusList(o.load.statuses)}; ${o.load.errors} socket errors).`,
    `Of ${integer(o.acceptedMessages)} accepted messages, ${integer(o.acceptedSentOnce)} were sent once and ${integer(o.acceptedNotSent)} not at all;`,
    `${o.sentMoreThanOnce} messages were claimed more than once. The rejected calls had recorded ${integer(o.rejectedRecorded)} messages,`,
    `of which the sweep (${o.sweeps} runs) sent ${integer(o.rejectedSent)}; everything was final ${o.settleSeconds.toFixed(1)} s after the load stopped.`,
    "",
  ];
  if (result.soak) {
    lines.push(
      `Memory over ${result.soak.seconds} s at the end-to-end load: ${result.soak.samples.map((sample) => `${sample.second} s ${mib(sample.rssBytes)}`).join(", ")}.`,
      `From minute 1 to the end: **${result.soak.growthPercent.toFixed(1)} %**.`,
      "",
    );
  } else {
    lines.push(`Resident memory at the end: ${mib(result.rssBytesAtEnd)} (run \`pnpm bench --soak\` for the 5-minute memory check).`, "");
  }
  return lines;
}

/** Renders BENCHMARKS.md from one results file. */
export function renderBenchmarks(results: BenchResults): string {
  const { machine, loadAverage, settings } = results;
  const findings = existsSync(FINDINGS_FILE) ? readFileSync(FINDINGS_FILE, "utf8").trim() : "";
  return [
    "# Benchmarks",
    "",
    "Generated by `pnpm bench` from `apps/bench/results.json`; rerender with `pnpm bench:render`.",
    "Every server listens on 127.0.0.1 and is driven by autocannon in a separate process, each",
    "step for a fixed duration after a warm-up. Absolute numbers depend on the machine and on",
    "whatever else runs on it; the ratios are measured within one run.",
    "",
    `- Date: ${results.date}`,
    `- Command: \`${results.command}\``,
    `- Machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`,
    `- Load average (1, 5, 15 min) before: ${loadAverage.before.map((value) => value.toFixed(2)).join(", ")}; after: ${loadAverage.after.map((value) => value.toFixed(2)).join(", ")}`,
    `- Steps: ${settings.warmupSeconds} s warm-up, ${settings.stepSeconds} s measured, ${settings.connections} connections; end to end ${settings.endToEndSeconds} s`,
    "",
    ...results.runtimes.flatMap((result) => runtimeSection(result, settings.connections)),
    ...(findings ? [findings, ""] : []),
  ].join("\n");
}
