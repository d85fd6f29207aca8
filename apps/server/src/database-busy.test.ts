import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOOTSTRAP_TOKEN } from "../test/fixtures.ts";
import { type ServerProcess, startServerProcess, stopServerProcess, temporaryDatabase } from "../test/server-process.ts";

const database = temporaryDatabase();
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess({ DATABASE_URL: database.url, HERALD_BOOTSTRAP_TOKEN: BOOTSTRAP_TOKEN });
});

afterAll(async () => {
  await stopServerProcess(server);
  database.remove();
});

describe("database locked by another process", () => {
  it("answers 503 with Retry-After", async () => {
    // Another process, such as a backup, holds the write lock past the server's busy timeout.
    const other = createClient({ url: database.url });
    const lock = await other.transaction("write");
    let response: Response;
    try {
      response = await fetch(`${server.url}/v1/sandboxes`, {
        method: "POST",
        headers: { authorization: `Bearer ${BOOTSTRAP_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "locked-out" }),
      });
    } finally {
      await lock.rollback();
      other.close();
    }
    const body = (await response.json()) as { error: { code: string } };
    expect(response.status, JSON.stringify(body)).toBe(503);
    expect(body.error.code).toBe("DATABASE_BUSY");
    expect(response.headers.get("retry-after")).toBe("2");
  }, 30_000);

  it("serves again once the lock is released", async () => {
    const response = await fetch(`${server.url}/v1/sandboxes`, {
      method: "POST",
      headers: { authorization: `Bearer ${BOOTSTRAP_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "after-the-lock" }),
    });
    expect(response.status).toBe(201);
  });
});
