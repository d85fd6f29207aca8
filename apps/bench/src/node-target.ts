import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { sqliteReader } from "./sqlite-reader.ts";
import { REPO_ROOT, type Target, processRss } from "./target.ts";

const SERVER_DIR = join(REPO_ROOT, "apps", "server");

/** Waits for the server's "server started" log line and returns its URL. */
function startedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error("the Node server did not start within 60 s")), 60_000);
    lines.on("line", (line) => {
      try {
        const entry = JSON.parse(line) as { message?: string; url?: string };
        if (entry.message === "server started" && entry.url) {
          clearTimeout(timer);
          lines.removeAllListeners("line");
          // The server logs one line per request; they are read and dropped.
          child.stdout!.resume();
          resolve(entry.url);
        }
      } catch {
        // Not a log line.
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the Node server exited with ${code} before it started`));
    });
  });
}

/**
 * Starts Herald's Node server (`apps/server`) in its own process on 127.0.0.1 with a libSQL
 * file database in `stateDir`, and reads that file for delivery times.
 */
export async function startNodeTarget(options: {
  stateDir: string;
  bootstrapToken: string;
  vars: Record<string, string>;
}): Promise<Target> {
  const databasePath = join(options.stateDir, "herald.db");
  // Extra Node flags for the server, such as `--cpu-prof`, for profiling a run.
  const extraFlags = (process.env.BENCH_NODE_OPTIONS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...extraFlags, "--import", "tsx", join(SERVER_DIR, "src", "main.ts")], {
    cwd: SERVER_DIR,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: `file:${databasePath}`,
      HOST: "127.0.0.1",
      PORT: "0",
      HERALD_BOOTSTRAP_TOKEN: options.bootstrapToken,
      ...options.vars,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr!.resume();
  const url = await startedUrl(child);
  const reader = sqliteReader(databasePath);
  return {
    runtime: "node",
    url,
    bootstrapToken: options.bootstrapToken,
    query: reader.query,
    // The server sweeps on its own every minute; the benchmark waits for it.
    sweep: async () => {},
    rssBytes: () => processRss(child.pid),
    pid: () => child.pid,
    async close() {
      reader.close();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
