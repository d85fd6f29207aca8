#!/usr/bin/env node
// Starts the self-hosted Node server (apps/server) with a libSQL database in .herald/ unless
// DATABASE_URL names another one. Without HERALD_BOOTSTRAP_TOKEN it creates a random one in
// .herald/bootstrap-token, so sandboxes can be created right away. With --migrate-only it
// applies the migrations to that database and exits.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = join(root, ".herald");

function bootstrapToken() {
  const file = join(dataDir, "bootstrap-token");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(24).toString("base64url")}\n`, { mode: 0o600 });
  }
  console.log(`The bootstrap token for POST /v1/sandboxes is in ${file}.`);
  return readFileSync(file, "utf8").trim();
}

const migrateOnly = process.argv.includes("--migrate-only");
const env = { ...process.env };
env.DATABASE_URL ??= pathToFileURL(join(dataDir, "herald.db")).href;
if (!migrateOnly) {
  env.HERALD_BOOTSTRAP_TOKEN ??= bootstrapToken();
}

const entry = migrateOnly ? "src/migrate.ts" : "src/main.ts";
const server = spawn(process.execPath, ["--import", "tsx", entry], {
  cwd: join(root, "apps", "server"),
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
