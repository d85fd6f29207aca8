import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { campaignMessages, drain, pendingMessages, sentBetween, sentLatency, sleep } from "./delivery.ts";
import { runLoad } from "./load.ts";
import type { LoadResult, LoadSpec } from "./load-spec.ts";
import { startReference } from "./reference.ts";
import type { EndToEnd, MemorySample, Overload, Reference, RuntimeResult, Soak, TriggerStep } from "./results.ts";
import { type Seeded, liveCampaign, seedSandbox } from "./seed.ts";
import type { Target } from "./target.ts";

export interface SuiteSettings {
  warmupSeconds: number;
  stepSeconds: number;
  endToEndSeconds: number;
  connections: number;
  recipientSizes: number[];
  /** Connections for the recipients-per-call step, the same for every size. */
  sizeConnections: number;
  overloadSeconds: number;
  overloadConnections: number;
  /** Seconds of the memory soak; 0 skips it. */
  soakSeconds: number;
  drainTimeoutSeconds: number;
  workDir: string;
}

const TRIGGER_PATH = "/ajo/im/executions/unitary";
/** Users each step's calls draw from; at least the largest recipient count. */
const USER_POOL = 1000;

class Suite {
  readonly campaigns: string[] = [];

  constructor(
    readonly target: Target,
    readonly settings: SuiteSettings,
    readonly seeded: Seeded,
  ) {}

  spec(label: string, overrides: Partial<LoadSpec>): LoadSpec {
    return {
      label,
      url: this.target.url,
      path: TRIGGER_PATH,
      connections: this.settings.connections,
      warmupSeconds: this.settings.warmupSeconds,
      durationSeconds: this.settings.stepSeconds,
      ...overrides,
    };
  }

  async campaign(title: string): Promise<string> {
    const id = await liveCampaign(this.target, this.seeded, title);
    this.campaigns.push(id);
    return id;
  }

  /** Lets the consumer finish earlier steps' messages, so each step starts with no backlog. */
  async settle() {
    await drain(this.target, this.campaigns, this.settings.drainTimeoutSeconds);
  }

  async health(): Promise<LoadResult> {
    return runLoad(this.spec("health", { path: "/health" }));
  }

  /** Measures the minimal server of `reference.ts` on this runtime, with Herald idle. */
  async reference(): Promise<Reference> {
    const server = await startReference(this.target.runtime, this.settings.workDir);
    try {
      const url = server.url;
      const bare = await runLoad(this.spec("reference-bare", { url, path: "/health" }));
      // The body is a one-recipient trigger body, so the insert stores what Herald receives.
      const trigger = { apiKey: "none", campaignId: "none", recipients: 1, pool: USER_POOL };
      const writeAndEnqueue = await runLoad(this.spec("reference-write", { url, path: "/", trigger }));
      return { bare, writeAndEnqueue };
    } finally {
      await server.close();
    }
  }

  async triggers(recipients: number, connections = this.settings.connections): Promise<TriggerStep> {
    await this.settle();
    const campaignId = await this.campaign(`recipients ${recipients}`);
    const trigger = { apiKey: this.seeded.apiKey, campaignId, recipients, pool: Math.max(USER_POOL, recipients) };
    const load = await runLoad(this.spec(`trigger-${recipients}`, { connections, trigger }));
    const recipientsPerSecond = (load.accepted * recipients) / load.seconds;
    // The consumer delivers during the step and after it: the step's messages over the whole
    // time until the last one is final is the rate this process takes calls and delivers them.
    const backlog = await pendingMessages(this.target, campaignId);
    const drained = await drain(this.target, [campaignId], this.settings.drainTimeoutSeconds);
    const messages = load.accepted * recipients;
    return {
      recipients,
      connections,
      load,
      recipientsPerSecond,
      microsecondsPerRecipient: recipientsPerSecond > 0 ? 1e6 / recipientsPerSecond : 0,
      drainSeconds: drained.seconds,
      backlogAtEnd: backlog,
      drainedPerSecond: drained.seconds > 0 ? (backlog - drained.pending) / drained.seconds : 0,
      deliveredThroughPerSecond: messages / (load.elapsedSeconds + drained.seconds),
    };
  }

  async endToEnd(capacity: TriggerStep): Promise<EndToEnd> {
    await this.settle();
    const recipients = capacity.recipients;
    const campaignId = await this.campaign("end to end");
    // Open loop at 70 % of what the process sustained for the capacity step's calls, taking
    // and delivering them, and never above 70 % of its call rate: latency is only meaningful
    // below saturation.
    const callRate = capacity.load.accepted / capacity.load.seconds;
    const sustained = Math.min(callRate, capacity.deliveredThroughPerSecond / recipients);
    const offeredCallsPerSecond = Math.max(1, Math.floor(sustained * 0.7));
    const trigger = { apiKey: this.seeded.apiKey, campaignId, recipients, pool: USER_POOL };
    const backlog: { second: number; messages: number }[] = [];
    const started = new Date();
    const running = runLoad(
      this.spec("end-to-end", {
        trigger,
        warmupSeconds: 0,
        durationSeconds: this.settings.endToEndSeconds,
        rate: offeredCallsPerSecond,
      }),
    );
    let finished = false;
    void running.finally(() => {
      finished = true;
    });
    const sampleEvery = Math.max(1, Math.floor(this.settings.endToEndSeconds / 12));
    for (let second = sampleEvery; !finished; second += sampleEvery) {
      await sleep(sampleEvery * 1000);
      if (!finished) {
        backlog.push({ second, messages: await pendingMessages(this.target, campaignId) });
      }
    }
    const load = await running;
    const ended = new Date(started.getTime() + load.elapsedSeconds * 1000);
    const delivered = await sentBetween(this.target, campaignId, started.toISOString(), ended.toISOString());
    const drained = await drain(this.target, [campaignId], this.settings.drainTimeoutSeconds);
    return {
      recipients,
      offeredCallsPerSecond,
      load,
      acceptedPerSecond: (load.accepted * recipients) / load.seconds,
      deliveredPerSecond: delivered / load.elapsedSeconds,
      latencyMs: await sentLatency(this.target, campaignId),
      backlog,
      drainSeconds: drained.seconds,
    };
  }

  async overload(): Promise<Overload> {
    await this.settle();
    const campaignId = await this.campaign("overload");
    const acceptedFile = join(this.settings.workDir, `accepted-${this.target.runtime}.txt`);
    writeFileSync(acceptedFile, "");
    const trigger = { apiKey: this.seeded.apiKey, campaignId, recipients: 1, pool: USER_POOL };
    const load = await runLoad(
      this.spec("overload", {
        trigger,
        connections: this.settings.overloadConnections,
        durationSeconds: this.settings.overloadSeconds,
        warmupSeconds: 0,
        acceptedFile,
      }),
    );
    const settled = await drain(this.target, [campaignId], this.settings.drainTimeoutSeconds);
    const accepted = new Set(readFileSync(acceptedFile, "utf8").split("\n").filter(Boolean));
    const rows = await campaignMessages(this.target, campaignId);
    const ofAccepted = rows.filter((row) => accepted.has(row.execution_id));
    const ofRejected = rows.filter((row) => !accepted.has(row.execution_id));
    const rejectedCalls = load.statuses["503"] ?? 0;
    return {
      connections: this.settings.overloadConnections,
      load,
      acceptedCalls: load.accepted,
      rejectedCalls,
      otherCalls: load.requests - load.accepted - rejectedCalls,
      acceptedMessages: ofAccepted.length,
      acceptedSentOnce: ofAccepted.filter((row) => row.status === "sent" && Number(row.attempts) === 1).length,
      acceptedNotSent: ofAccepted.filter((row) => row.status !== "sent").length,
      sentMoreThanOnce: rows.filter((row) => Number(row.attempts) > 1).length,
      rejectedRecorded: ofRejected.length,
      rejectedSent: ofRejected.filter((row) => row.status === "sent").length,
      sweeps: settled.sweeps,
      settleSeconds: settled.seconds,
    };
  }

  /** Holds the end-to-end step's offered load for `soakSeconds` and samples the server's memory. */
  async soak(endToEnd: EndToEnd): Promise<Soak> {
    await this.settle();
    const campaignId = await this.campaign("soak");
    const trigger = { apiKey: this.seeded.apiKey, campaignId, recipients: endToEnd.recipients, pool: USER_POOL };
    const samples: MemorySample[] = [];
    const seconds = this.settings.soakSeconds;
    const started = Date.now();
    const running = runLoad(
      this.spec("soak", { trigger, warmupSeconds: 0, durationSeconds: seconds, rate: endToEnd.offeredCallsPerSecond }),
    );
    let finished = false;
    void running.finally(() => {
      finished = true;
    });
    while (!finished) {
      await sleep(5000);
      samples.push({ second: Math.round((Date.now() - started) / 1000), rssBytes: this.target.rssBytes() });
    }
    const load = await running;
    const minuteOne = samples.find((sample) => sample.second >= Math.min(60, seconds / 5)) ?? samples[0];
    const last = samples.at(-1);
    const growthPercent =
      minuteOne && last && minuteOne.rssBytes > 0 ? ((last.rssBytes - minuteOne.rssBytes) / minuteOne.rssBytes) * 100 : 0;
    return { seconds, load, samples, growthPercent };
  }
}

/** Runs every step against one started target, in the order the benchmark reports them. */
export async function runSuite(target: Target, description: string, settings: SuiteSettings): Promise<RuntimeResult> {
  const started = Date.now();
  const step = (name: string) => console.log(`${target.runtime}: ${name} at ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const seeded = await seedSandbox(target, `bench-${target.runtime}-${Date.now().toString(36)}`);
  const suite = new Suite(target, settings, seeded);
  step("bare route");
  const health = await suite.health();
  step("reference server");
  const reference = await suite.reference();
  step("triggers");
  const trigger1 = await suite.triggers(1);
  const trigger20 = await suite.triggers(20);
  step("end to end");
  const endToEnd = await suite.endToEnd(trigger20);
  step("recipients per call");
  const recipients: TriggerStep[] = [];
  for (const size of settings.recipientSizes) {
    recipients.push(await suite.triggers(size, settings.sizeConnections));
  }
  step("overload");
  const overload = await suite.overload();
  const soak = settings.soakSeconds > 0 ? await suite.soak(endToEnd) : undefined;
  await suite.settle();
  return {
    runtime: target.runtime,
    description,
    health,
    reference,
    trigger1,
    trigger20,
    endToEnd,
    recipients,
    overload,
    ...(soak ? { soak } : {}),
    rssBytesAtEnd: target.rssBytes(),
  };
}
