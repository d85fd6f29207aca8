import { createHeraldClient } from "@herald/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOOTSTRAP_TOKEN, liveOutboxCampaign, triggerBody } from "../test/fixtures.ts";
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

describe("typed client", () => {
  it("triggers and reads an execution", async () => {
    const { herald, campaignId } = await liveOutboxCampaign(server.url, "client");
    const response = await herald.ajo.im.executions.unitary.$post({ json: triggerBody(campaignId, "client-1", 2) });
    expect(response.status).toBe(202);
    const accepted = await response.json();
    expect(accepted.recipients).toHaveLength(2);
    let statuses: string[] = [];
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const execution = await herald.ajo.im.executions[":executionId"].$get({ param: { executionId: accepted.executionId } });
      statuses = (await execution.json()).recipients.map((recipient) => recipient.status);
      if (statuses.every((status) => status === "sent")) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(statuses).toEqual(["sent", "sent"]);
  });

  it("reads the error envelope of a rejected call", async () => {
    const herald = createHeraldClient(server.url, { apiKey: "hk_unknown_key" });
    const response = await herald.v1.campaigns.$get();
    expect(response.status).toBe(401);
    const body = (await response.json()) as unknown as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe("UNAUTHORIZED");
    expect(response.headers.get("herald-request-id")).toBe(body.error.requestId);
  });

  it("sends the bootstrap token as a bearer token", async () => {
    const operator = createHeraldClient(server.url, { apiKey: BOOTSTRAP_TOKEN });
    const created = await operator.v1.sandboxes.$post({ json: { name: "client-bootstrap" } });
    expect(created.status).toBe(201);
    const wrong = createHeraldClient(server.url, { apiKey: "not-the-token" });
    const rejected = await wrong.v1.sandboxes.$post({ json: { name: "client-rejected" } });
    expect(rejected.status).toBe(401);
  });
});
