import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** A Herald server the benchmark started on 127.0.0.1, with read access to its database. */
export interface Target {
  runtime: "workers" | "node";
  url: string;
  bootstrapToken: string;
  /** Runs one read query against the server's database. */
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** Runs the sweep that enqueues messages the queue rejected, once. */
  sweep(): Promise<void>;
  /** The resident set size of the server process, in bytes. */
  rssBytes(): number;
  /** The server's process id, for profiles and memory readings. */
  pid(): number | undefined;
  close(): Promise<void>;
}

export const REPO_ROOT = join(import.meta.dirname, "..", "..", "..");

/** Reads a process's resident set size from /proc, in bytes; 0 when it is gone. */
export function processRss(pid: number | undefined): number {
  if (pid === undefined) {
    return 0;
  }
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Finds the child process of `parent` whose command name is `name`. */
export function childPid(parent: number, name: string): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const match = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (match && match[1] === name && Number(match[2]) === parent) {
        return Number(entry);
      }
    } catch {
      // The process ended while the list was read.
    }
  }
  return undefined;
}
