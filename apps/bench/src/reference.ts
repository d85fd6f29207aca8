import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { Log, LogLevel, Miniflare } from "miniflare";

/**
 * A minimal server beside Herald on the same runtime: `GET /health` returns JSON, and a POST
 * stores its body in one insert, enqueues one message and returns 202. It measures what one
 * write and one enqueue cost on the runtime, without any of Herald's work.
 */
export interface ReferenceServer {
  url: string;
  close(): Promise<void>;
}

const WORKER_SCRIPT = `
export default {
  async fetch(request, env) {
    if (request.method === "GET") {
      return Response.json({ status: "ok" });
    }
    const id = crypto.randomUUID();
    await env.DB.prepare("INSERT INTO calls (id, body, created_at) VALUES (?, ?, ?)")
      .bind(id, await request.text(), new Date().toISOString())
      .run();
    await env.QUEUE.send({ id });
    return Response.json({ executionId: id }, { status: 202 });
  },
  async queue(batch) {
    batch.ackAll();
  },
};
`;

const CREATE_TABLE = "CREATE TABLE IF NOT EXISTS calls (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL)";

/** Starts the reference Worker in its own Miniflare with a local D1 database and a local queue. */
async function startWorkersReference(stateDir: string): Promise<ReferenceServer> {
  const mf = new Miniflare({
    modules: true,
    script: WORKER_SCRIPT,
    compatibilityDate: "2025-09-01",
    d1Databases: { DB: "reference" },
    d1Persist: join(stateDir, "reference-d1"),
    queueProducers: { QUEUE: "reference" },
    queueConsumers: { reference: { maxBatchSize: 100, maxBatchTimeout: 1 } },
    host: "127.0.0.1",
    port: 0,
    cf: false,
    log: new Log(LogLevel.WARN),
  });
  const url = (await mf.ready).toString().replace(/\/$/, "");
  const db = await mf.getD1Database("DB");
  await db.exec(CREATE_TABLE);
  return { url, close: () => mf.dispose() };
}

/**
 * Starts the reference on Node: `node:http` and a libSQL file in WAL mode with
 * synchronous=NORMAL, as the Node server opens its database; the enqueue is an insert into a
 * job table.
 */
async function startNodeReference(stateDir: string): Promise<ReferenceServer> {
  const client = createClient({ url: `file:${join(stateDir, "reference.db")}` });
  await client.execute("PRAGMA journal_mode = WAL");
  await client.execute("PRAGMA synchronous = NORMAL");
  await client.execute(CREATE_TABLE);
  await client.execute("CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, created_at TEXT NOT NULL)");
  const server: Server = createServer((request, response) => {
    if (request.method === "GET") {
      response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const id = crypto.randomUUID();
      const now = new Date().toISOString();
      try {
        await client.execute({ sql: "INSERT INTO calls (id, body, created_at) VALUES (?, ?, ?)", args: [id, Buffer.concat(chunks).toString(), now] });
        await client.execute({ sql: "INSERT INTO jobs (id, created_at) VALUES (?, ?)", args: [id, now] });
        response.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ executionId: id }));
      } catch (error) {
        response.writeHead(500, { "content-type": "text/plain" }).end(error instanceof Error ? error.message : String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.close();
    },
  };
}

export function startReference(runtime: "workers" | "node", stateDir: string): Promise<ReferenceServer> {
  return runtime === "workers" ? startWorkersReference(stateDir) : startNodeReference(stateDir);
}
