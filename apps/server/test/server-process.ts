import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const serverRoot = fileURLToPath(new URL("..", import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Every line the process wrote to stdout and stderr so far. */
  lines: string[];
  /** Resolves with the exit code, or the signal that ended the process. */
  exited: Promise<number | string>;
}

/** Creates a temporary folder with a libSQL database URL in it; `remove` deletes the folder. */
export function temporaryDatabase() {
  const dir = mkdtempSync(join(tmpdir(), "herald-server-"));
  const path = join(dir, "herald.db");
  return { dir, path, url: pathToFileURL(path).href, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts `src/main.ts` in its own Node process on a free loopback port and resolves once it
 * logged "server started", with the URL it listens on.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 20_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverRoot,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(signal ?? code ?? -1));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${lines.join("\n")}`)), timeoutMs);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        lines.push(line);
        if (line.includes('"server started"')) {
          clearTimeout(timer);
          resolve(JSON.parse(line).url as string);
        }
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it started:\n${lines.join("\n")}`));
    });
  });
  return { url, child, lines, exited };
}

/** Ends the process with `signal` and waits until it is gone. */
export async function stopServerProcess(server: ServerProcess, signal: NodeJS.Signals = "SIGTERM") {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill(signal);
  }
  return server.exited;
}
