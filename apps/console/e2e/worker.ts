import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const wrangler = join(root, "node_modules", ".bin", "wrangler");
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

export const BOOTSTRAP_TOKEN = "e2e-bootstrap-token";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`wrangler dev exited with code ${child.exitCode}:\n${output()}`);
    }
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Herald did not respond on ${baseUrl}/health within 60 s:\n${output()}`);
}

/** A Herald Worker under `wrangler dev` on a free loopback port, with its own local D1 and Queues. */
export interface RunningWorker {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startWorker(): Promise<RunningWorker> {
  const stateDir = mkdtempSync(join(tmpdir(), "herald-console-"));
  const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (migrate.status !== 0) {
    throw new Error(`applying migrations failed:\n${migrate.stdout}${migrate.stderr}`);
  }
  const port = await freePort();
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", stateDir];
  args.push("--log-level", "warn", "--var", `HERALD_BOOTSTRAP_TOKEN:${BOOTSTRAP_TOKEN}`);
  const child = spawn(wrangler, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, () => output);
  return {
    baseUrl,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Creates a sandbox with the bootstrap token and returns its first API key. */
export async function createSandbox(baseUrl: string, name: string): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/sandboxes`, {
    method: "POST",
    headers: { authorization: `Bearer ${BOOTSTRAP_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  const body = (await response.json()) as { apiKey?: string };
  if (response.status !== 201 || !body.apiKey) {
    throw new Error(`creating a sandbox failed with ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.apiKey;
}

/** Calls the API with a key and returns the JSON body, failing on any non-2xx status. */
export async function callApi(baseUrl: string, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} failed with ${response.status}: ${text}`);
  }
  return (text ? JSON.parse(text) : null) as Record<string, any>;
}
