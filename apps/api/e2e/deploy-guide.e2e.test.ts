import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// Checks docs/deploy.md against wrangler.toml and the Worker, and builds the Worker from both
// configurations the guide describes with `wrangler deploy --dry-run`, which needs no account.

const root = fileURLToPath(new URL("../../..", import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), "herald-deploy-"));
const guide = readFileSync(join(root, "docs", "deploy.md"), "utf8");
const config = readFileSync(join(root, "wrangler.toml"), "utf8");
const workerEnv = readFileSync(join(root, "apps", "api", "src", "worker-env.ts"), "utf8");

/** Lists every command in the guide's `sh` blocks, with `\` line continuations joined. */
function guideCommands(): string[] {
  const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] as string);
  return blocks.flatMap((block) => block.replace(/\\\n\s*/g, " ").split("\n")).map((line) => line.trim()).filter(Boolean);
}

function wranglerArgs(prefix: string): string[] {
  return guideCommands()
    .filter((command) => command.startsWith(`npx wrangler ${prefix} `))
    .map((command) => command.slice(`npx wrangler ${prefix} `.length));
}

function configValues(key: string): string[] {
  return [...config.matchAll(new RegExp(`^${key} = "([^"]+)"`, "gm"))].map((match) => match[1] as string);
}

function dryRun(configPath: string, outdir: string): Promise<{ code: number | null; output: string }> {
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  return new Promise((resolve) => {
    const child = spawn(wrangler, ["deploy", "--dry-run", "--outdir", outdir, "--config", configPath], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe("deploy guide", () => {
  it("uses only wrangler commands this test checks", () => {
    const known = ["d1 create ", "queues create ", "d1 migrations apply ", "secret put ", "login", "deploy"];
    const unknown = guideCommands()
      .filter((command) => command.startsWith("npx wrangler "))
      .filter((command) => !known.some((prefix) => command.slice("npx wrangler ".length).startsWith(prefix)));
    expect(unknown, "add a check for these commands to this test").toEqual([]);
  });

  it("creates every queue the Worker binds", () => {
    const created = wranglerArgs("queues create").sort();
    const bound = [...new Set([...configValues("queue"), ...configValues("dead_letter_queue")])].sort();
    expect(bound.length).toBeGreaterThan(0);
    expect(created).toEqual(bound);
  });

  it("creates the D1 database the Worker binds", () => {
    expect(wranglerArgs("d1 create")).toEqual(configValues("database_name"));
  });

  it("migrates the bound database remotely", () => {
    const applied = wranglerArgs("d1 migrations apply");
    expect(applied.length).toBeGreaterThan(0);
    for (const args of applied) {
      const [binding, ...flags] = args.split(" ");
      expect(configValues("binding")).toContain(binding);
      expect(flags).toEqual(["--remote"]);
    }
    const [migrations] = configValues("migrations_dir");
    expect(existsSync(join(root, migrations ?? "missing"))).toBe(true);
  });

  it("sets only secrets the Worker reads", () => {
    const secrets = wranglerArgs("secret put");
    expect(secrets).toContain("HERALD_BOOTSTRAP_TOKEN");
    for (const name of secrets.filter((secret) => secret !== "SMTP_PASSWORD")) {
      expect(workerEnv, `WorkerEnv has no ${name}`).toMatch(new RegExp(`\\b${name}\\?:`));
    }
    expect(guide).toContain('PROVIDER_SECRETS = "prod:SMTP_PASSWORD"');
  });

  it("builds the Worker from wrangler.toml", async () => {
    const result = await dryRun(join(root, "wrangler.toml"), join(outDir, "d1"));
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("env.DB (herald)");
    for (const queue of wranglerArgs("queues create").filter((name) => !name.endsWith("-dlq"))) {
      expect(result.output).toContain(`(${queue})`);
    }
    expect(existsSync(join(outDir, "d1", "worker.js"))).toBe(true);
  });

  it("builds the Worker without D1 for Turso", async () => {
    expect(guide).toContain("delete the `[[d1_databases]]` block");
    // The copy lives in the temporary folder, so its repository paths are made absolute.
    const withoutD1 = config
      .replace(/\[\[d1_databases\]\][\s\S]*?(?=\n\[)/, "")
      .replace(/(["\s[])((?:apps|packages)\/)/g, `$1${root}$2`);
    const path = join(outDir, "wrangler.turso.toml");
    writeFileSync(path, withoutD1);
    const result = await dryRun(path, join(outDir, "turso"));
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain("D1 Database");
    expect(result.output).toContain("Queue");
  });
});
