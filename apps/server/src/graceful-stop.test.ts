import { createHeraldClient } from "@herald/client";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import { BOOTSTRAP_TOKEN, liveOutboxCampaign, triggerBody } from "../test/fixtures.ts";
import { type ServerProcess, startServerProcess, stopServerProcess, temporaryDatabase } from "../test/server-process.ts";

const database = temporaryDatabase();
const env = { DATABASE_URL: database.url, HERALD_BOOTSTRAP_TOKEN: BOOTSTRAP_TOKEN, QUEUE_CONCURRENCY: "2" };
let server: ServerProcess | undefined;

afterAll(async () => {
  if (server) {
    await stopServerProcess(server, "SIGKILL");
  }
  database.remove();
});

describe("node server stop", () => {
  it("finishes deliveries in flight on SIGTERM", async () => {
    server = await startServerProcess(env);
    const { apiKey, campaignId } = await liveOutboxCampaign(server.url, "graceful");
    const herald = createHeraldClient(server.url, { apiKey });
    for (let index = 0; index < 20; index += 1) {
      const response = await herald.ajo.im.executions.unitary.$post({ json: triggerBody(campaignId, `stop-${index}`, 5) });
      expect(response.status).toBe(202);
    }
    expect(await stopServerProcess(server, "SIGTERM")).toBe(0);
    expect(server.lines.some((line) => line.includes('"server stopped"'))).toBe(true);

    const reader = createClient({ url: database.url });
    const sending = await reader.execute("select count(*) as n from messages where status = 'sending'");
    const leased = await reader.execute("select count(*) as n from queue_jobs where lease_token is not null");
    reader.close();
    expect(Number(sending.rows[0]?.n)).toBe(0);
    expect(Number(leased.rows[0]?.n)).toBe(0);
  });
});
