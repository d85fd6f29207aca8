import { spawnSync } from "node:child_process";
import { createWriteStream, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Log, LogLevel, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { sqliteReader } from "./sqlite-reader.ts";
import { REPO_ROOT, type Target, childPid, processRss } from "./target.ts";

export const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

function wrangler(args: string[]) {
  const command = join(REPO_ROOT, "node_modules", ".bin", "wrangler");
  const result = spawnSync(command, [...args, "--config", join(REPO_ROOT, "wrangler.toml")], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...OFFLINE_ENV },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.join(" ")} failed: ${result.stderr || result.stdout}`);
  }
}

/** Finds the SQLite file of the local D1 database under Miniflare's persistence folder. */
function d1File(persistDir: string): string {
  const dir = join(persistDir, "miniflare-D1DatabaseObject");
  const name = readdirSync(dir).find((file) => file.endsWith(".sqlite") && file !== "metadata.sqlite");
  if (name === undefined) {
    throw new Error(`no D1 database file in ${dir}`);
  }
  return join(dir, name);
}

/**
 * Starts the bundled Worker through the Miniflare API with local D1 (persisted under
 * `stateDir`) and local Queues, consumers configured from `wrangler.toml`, no inspector and
 * warn-level logs. The Worker's own log lines are read and dropped.
 */
export async function startWorkersTarget(options: {
  stateDir: string;
  bootstrapToken: string;
  vars: Record<string, string>;
}): Promise<Target> {
  const bundleDir = join(options.stateDir, "bundle");
  wrangler(["deploy", "--dry-run", "--outdir", bundleDir]);
  const scriptPath = join(bundleDir, "worker.js");
  // The migrations go in the way a developer applies them; wrangler keeps D1 under v3/d1.
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", options.stateDir]);
  const d1Persist = join(options.stateDir, "v3", "d1");
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(REPO_ROOT, "wrangler.toml"));
  const mf = new Miniflare({
    ...workerOptions,
    name: "herald",
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    bindings: { ...workerOptions.bindings, HERALD_BOOTSTRAP_TOKEN: options.bootstrapToken, ...options.vars },
    host: "127.0.0.1",
    port: 0,
    cf: false,
    d1Persist,
    unsafeTriggerHandlers: true,
    log: new Log(LogLevel.WARN),
    handleRuntimeStdio(stdout, stderr) {
      // BENCH_WORKER_LOG names a file that receives the Worker's log lines, for debugging a run.
      const logFile = process.env.BENCH_WORKER_LOG;
      if (logFile) {
        const out = createWriteStream(logFile, { flags: "a" });
        stdout.pipe(out);
        stderr.pipe(out);
      } else {
        stdout.resume();
        stderr.resume();
      }
    },
  } as ConstructorParameters<typeof Miniflare>[0]);
  const url = (await mf.ready).toString().replace(/\/$/, "");
  const reader = sqliteReader(d1File(d1Persist));
  const workerd = childPid(process.pid, "workerd");

  return {
    runtime: "workers",
    url,
    bootstrapToken: options.bootstrapToken,
    query: reader.query,
    async sweep() {
      // Miniflare runs no crons, so this calls the Worker's scheduled() handler as the cron
      // does. Not through /cdn-cgi/handler/scheduled: with static assets that path reaches the
      // assets router, which has no scheduled handler. A failed run is reported, and the next
      // drain round sweeps again.
      try {
        const result = await (await mf.getWorker("herald")).scheduled({ cron: "* * * * *" });
        if (result.outcome !== "ok") {
          console.warn(`the scheduled handler ended with ${result.outcome}`);
        }
      } catch (error) {
        console.warn(`the scheduled handler failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    rssBytes: () => processRss(workerd),
    pid: () => workerd,
    async close() {
      reader.close();
      await mf.dispose();
    },
  };
}
