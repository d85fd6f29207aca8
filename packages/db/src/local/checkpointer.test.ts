import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startCheckpointThread } from "./checkpointer.ts";
import { LocalClient } from "./local-client.ts";

const dir = mkdtempSync(join(tmpdir(), "herald-checkpoint-"));
const PRAGMAS = ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"];

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function fill(client: LocalClient, rows: number) {
  await client.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  const body = "x".repeat(500);
  await Promise.all(
    Array.from({ length: rows }, () => client.execute({ sql: "INSERT INTO notes (body) VALUES (?)", args: [body] })),
  );
}

describe("WAL checkpoint thread", () => {
  it("copies the WAL into the database file", async () => {
    const path = join(dir, "copied.db");
    const client = new LocalClient(path, { pragmas: PRAGMAS, checkpointIntervalMs: 20 });
    try {
      const setting = await client.execute("PRAGMA wal_autocheckpoint");
      expect(setting.rows[0]?.[0]).toBe(0);
      await fill(client, 2_000);
      const before = statSync(path).size;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(statSync(path).size).toBeGreaterThan(before + 500_000);
    } finally {
      client.close();
    }
  });

  it("bounds the WAL under steady writes", async () => {
    const path = join(dir, "bounded.db");
    const client = new LocalClient(path, { pragmas: PRAGMAS, checkpointIntervalMs: 20 });
    try {
      await fill(client, 0);
      const body = "y".repeat(2_000);
      const sizes: number[] = [];
      // One commit after another, so the WAL only starts over because the checkpoints pause them.
      const started = Date.now();
      for (const mark of [500, 1_500]) {
        while (Date.now() - started < mark) {
          await client.execute({ sql: "INSERT INTO notes (body) VALUES (?)", args: [body] });
        }
        sizes.push(statSync(`${path}-wal`).size);
      }
      const [early = 0, late = 0] = sizes;
      // A WAL that never started over would have grown about threefold between the two marks.
      expect(late).toBeLessThan(early * 1.5);
    } finally {
      client.close();
    }
  });

  it("reports a thread that cannot open the file", async () => {
    const exited = new Promise<Error>((resolve) => {
      startCheckpointThread(join(dir, "missing", "folder", "x.db"), resolve);
    });
    expect((await exited).message).toBeTruthy();
  });

  it("rejects a checkpoint on a stopped thread", async () => {
    const thread = startCheckpointThread(join(dir, "stopped.db"), () => undefined);
    thread.stop();
    await expect(thread.checkpoint()).rejects.toThrow("has stopped");
  });
});
