import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), "herald-start-"));

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

function runStart(port: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("node", ["scripts/start.mjs", "--exit"], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HERALD_STATE_DIR: stateDir },
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
  rmSync(stateDir, { recursive: true, force: true });
});

describe("start command", () => {
  it("delivers the demo campaign under wrangler dev", async () => {
    const { code, output } = await runStart(await freePort());
    expect(code, output).toBe(0);
    expect(output).toContain("202 Accepted");
    const sent = /Recipient jane@example\.com: sent after (\d+) ms/.exec(output);
    expect(sent, output).not.toBeNull();
    expect(Number(sent?.[1])).toBeLessThan(5000);
    expect(output).toContain("Subject: Reset your password, Jane");
    expect(output).toContain("reset your password here: https://example.com/reset?token=abc&uid=42");
  }, 120_000);
});
