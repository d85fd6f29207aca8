import type { LoadResult } from "./load-spec.ts";

/** One fixed-duration load step of trigger calls with a given number of recipients. */
export interface TriggerStep {
  recipients: number;
  connections: number;
  load: LoadResult;
  /** Accepted recipients per second. */
  recipientsPerSecond: number;
  /** Wall time per accepted recipient, in microseconds. */
  microsecondsPerRecipient: number;
  /** Seconds after the step until every message of its calls was final. */
  drainSeconds: number;
  /** Messages of the step not yet final when its load stopped. */
  backlogAtEnd: number;
  /** Messages per second the consumer finished after the load stopped, with no calls arriving. */
  drainedPerSecond: number;
  /** The step's messages per second of the time from its first call to its last delivery. */
  deliveredThroughPerSecond: number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
}

export interface EndToEnd {
  recipients: number;
  /** Offered calls per second (open loop). */
  offeredCallsPerSecond: number;
  load: LoadResult;
  acceptedPerSecond: number;
  /** Messages of this step that reached `sent` inside the load window, per second. */
  deliveredPerSecond: number;
  /** Trigger-to-`sent` latency from each message's `created_at` and `sent_at`, in ms. */
  latencyMs: LatencySummary;
  /** Messages accepted but not yet sent, sampled during the run. */
  backlog: { second: number; messages: number }[];
  /** Seconds the consumer needed after the load stopped to send the rest. */
  drainSeconds: number;
}

export interface Overload {
  connections: number;
  load: LoadResult;
  acceptedCalls: number;
  rejectedCalls: number;
  otherCalls: number;
  acceptedMessages: number;
  /** Accepted messages sent exactly once (claimed once). */
  acceptedSentOnce: number;
  acceptedNotSent: number;
  /** Messages claimed for sending more than once. */
  sentMoreThanOnce: number;
  /** Messages of rejected calls that were recorded anyway, and how many of them the sweep sent. */
  rejectedRecorded: number;
  rejectedSent: number;
  sweeps: number;
  settleSeconds: number;
}

export interface MemorySample {
  second: number;
  rssBytes: number;
}

export interface Soak {
  seconds: number;
  load: LoadResult;
  samples: MemorySample[];
  /** Growth of the resident set size from minute 1 to the end, in percent. */
  growthPercent: number;
}

/** The minimal server of `reference.ts` on the same runtime: its bare route and one write per call. */
export interface Reference {
  bare: LoadResult;
  writeAndEnqueue: LoadResult;
}

export interface RuntimeResult {
  runtime: "workers" | "node";
  description: string;
  health: LoadResult;
  reference?: Reference;
  trigger1: TriggerStep;
  trigger20: TriggerStep;
  endToEnd: EndToEnd;
  recipients: TriggerStep[];
  overload: Overload;
  soak?: Soak;
  rssBytesAtEnd: number;
}

export interface BenchResults {
  date: string;
  command: string;
  machine: { cpus: number; model: string; memoryGiB: number; node: string; os: string };
  loadAverage: { before: number[]; after: number[] };
  settings: { warmupSeconds: number; stepSeconds: number; endToEndSeconds: number; connections: number };
  runtimes: RuntimeResult[];
}
