import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bufferedLogWriter } from "./log-writer.ts";

function recordingStream() {
  const chunks: string[] = [];
  return { chunks, write: (chunk: string) => chunks.push(chunk) };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("buffered log writer", () => {
  it("writes one chunk per turn", async () => {
    const out = recordingStream();
    const writer = bufferedLogWriter(out, recordingStream());
    writer.write("info", '{"n":1}');
    writer.write("info", '{"n":2}');
    expect(out.chunks).toEqual([]);
    await nextTurn();
    expect(out.chunks).toEqual(['{"n":1}\n{"n":2}\n']);
  });

  it("sends warnings and errors to err", async () => {
    const out = recordingStream();
    const err = recordingStream();
    const writer = bufferedLogWriter(out, err);
    writer.write("warn", "w");
    writer.write("info", "i");
    writer.write("error", "e");
    await nextTurn();
    expect(out.chunks).toEqual(["i\n"]);
    expect(err.chunks).toEqual(["w\ne\n"]);
  });

  it("flushes at once past the buffer bound", () => {
    const out = recordingStream();
    const writer = bufferedLogWriter(out, recordingStream());
    const line = "x".repeat(1024);
    for (let index = 0; index < 100; index += 1) {
      writer.write("info", line);
    }
    expect(out.chunks.length).toBeGreaterThan(0);
    expect(out.chunks.join("").length).toBeLessThan(100 * (line.length + 1));
  });

  it("writes buffered lines on flush", () => {
    const out = recordingStream();
    const writer = bufferedLogWriter(out, recordingStream());
    writer.write("info", "now");
    writer.flush();
    expect(out.chunks).toEqual(["now\n"]);
  });

  it("keeps every line at process exit", () => {
    const script = fileURLToPath(new URL("../test/log-on-exit.ts", import.meta.url));
    const result = spawnSync(process.execPath, ["--import", "tsx", script, "500"], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(500);
    expect(JSON.parse(lines[499] as string).index).toBe(499);
    expect(JSON.parse(result.stderr.trimEnd()).message).toBe("last line");
  });
});
