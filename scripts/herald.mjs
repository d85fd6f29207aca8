#!/usr/bin/env node
// Entry point for the README's commands: `npm start`, `npm run server`, `npm run bench` and `npm test`.
// Only Node 20 and npm are assumed; pnpm is fetched into .tools/ when it is missing.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = "10.34.9";

export const offlineEnv = {
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

// Tools that look pnpm up on PATH, such as turbo, must find the copy in .tools/ as well.
const toolsBin = join(root, ".tools", "node_modules", ".bin");
const path = [toolsBin, process.env.PATH ?? ""].join(delimiter);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...offlineEnv, PATH: path, ...options.env },
  });
  if (result.error) {
    throw result.error;
  }
  return result.status ?? 1;
}

function pnpmCommand() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim().startsWith("10.")) {
    return "pnpm";
  }
  const local = join(toolsBin, "pnpm");
  if (!existsSync(local)) {
    console.log(`installing pnpm ${PNPM_VERSION} into .tools/`);
    const status = run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", ".tools", `pnpm@${PNPM_VERSION}`]);
    if (status !== 0) {
      process.exit(status);
    }
  }
  return local;
}

function install(pnpm) {
  const status = run(pnpm, ["install", "--frozen-lockfile"]);
  if (status !== 0) {
    process.exit(status);
  }
}

const command = process.argv[2];
const pnpm = pnpmCommand();
install(pnpm);
if (command === "start") {
  process.exit(run("node", ["scripts/start.mjs", ...process.argv.slice(3)]));
} else if (command === "server") {
  process.exit(run("node", ["scripts/server.mjs", ...process.argv.slice(3)]));
} else if (command === "migrate") {
  process.exit(run("node", ["scripts/server.mjs", "--migrate-only"]));
} else if (command === "bench") {
  process.exit(run(pnpm, ["--filter", "@herald/bench", "bench", ...process.argv.slice(3)]));
} else if (command === "test") {
  process.exit(run("node", ["scripts/test.mjs"], { env: { HERALD_PNPM: pnpm } }));
} else {
  console.error("usage: node scripts/herald.mjs start|server|migrate|bench|test");
  process.exit(2);
}
