import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ExecutionWrite, type MessageStatus, type Store, issueApiKey, newId } from "@herald/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "./index.ts";
import { migrateLibsql, openLibsqlDatabase } from "./libsql.ts";

const dir = mkdtempSync(join(tmpdir(), "herald-activity-"));
const sandbox = { id: newId("sbx"), name: "activity-test", createdAt: "2026-03-01T00:00:00.000Z" };
let store: Store;
let close: () => void;

function execution(createdAt: string, statuses: MessageStatus[], campaignId = "cmp_a"): ExecutionWrite {
  const executionId = newId("exe");
  const requestId = newId("req");
  return {
    claim: { key: requestId, createdAt, expiresAt: "2026-03-02T00:00:00.000Z" },
    execution: {
      id: executionId,
      sandboxId: sandbox.id,
      campaignId,
      campaignVersionId: "cv_a",
      requestId,
      requestHash: "hash",
      response: { executionId, requestId, createdAt, recipients: [] },
      createdAt,
    },
    newProfiles: [],
    messages: statuses.map((status, index) => ({
      identity: null,
      record: {
        id: newId("msg"),
        sandboxId: sandbox.id,
        executionId,
        campaignId,
        campaignVersionId: "cv_a",
        channel: "email",
        recipientIndex: index,
        userId: `user${index}@example.com`,
        namespace: "email",
        profileId: null,
        address: { channel: "email", email: `user${index}@example.com` },
        profileOverrides: null,
        context: null,
        status,
        reason: null,
        attempts: 0,
        providerMessageId: null,
        segments: null,
        createdAt,
        updatedAt: createdAt,
        sentAt: null,
        queuedAt: createdAt,
      },
    })),
  };
}

beforeAll(async () => {
  const { db, client } = await openLibsqlDatabase(`file:${join(dir, "herald.db")}`);
  await migrateLibsql(db);
  store = createStore(db);
  close = () => client.close();
  const { record } = await issueApiKey(sandbox, "default", ["read"], sandbox.createdAt);
  await store.createSandbox(sandbox, record);
  await store.writeExecution(execution("2026-03-01T10:05:00.000Z", ["sent", "failed"]));
  await store.writeExecution(execution("2026-03-01T10:59:59.999Z", ["sent"], "cmp_b"));
  await store.writeExecution(execution("2026-03-01T12:00:00.000Z", ["queued", "sent", "sent"]));
});

afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe("libSQL activity store", () => {
  it("counts messages per hour and status", async () => {
    const rows = await store.countMessagesByHour(sandbox.id, { since: "2026-03-01T00:00:00.000Z" });
    const sorted = rows.map((row) => `${row.hour} ${row.status} ${row.count}`).sort();
    expect(sorted).toEqual([
      "2026-03-01T10:00:00.000Z failed 1",
      "2026-03-01T10:00:00.000Z sent 2",
      "2026-03-01T12:00:00.000Z queued 1",
      "2026-03-01T12:00:00.000Z sent 2",
    ]);
  });

  it("pages messages newest first", async () => {
    const first = await store.listMessages(sandbox.id, { limit: 4 });
    expect(first.map((message) => message.createdAt)).toEqual([
      "2026-03-01T12:00:00.000Z",
      "2026-03-01T12:00:00.000Z",
      "2026-03-01T12:00:00.000Z",
      "2026-03-01T10:59:59.999Z",
    ]);
    const last = first.at(-1)!;
    const rest = await store.listMessages(sandbox.id, { limit: 4, before: last });
    expect(rest).toHaveLength(2);
    const ids = new Set([...first, ...rest].map((message) => message.id));
    expect(ids.size).toBe(6);
  });

  it("counts statuses per execution", async () => {
    const executions = await store.listExecutions(sandbox.id, { limit: 10, campaignId: "cmp_a" });
    expect(executions).toHaveLength(2);
    const counts = await store.countStatusesByExecution(executions.map((item) => item.id));
    const newest = counts.get(executions[0]!.id)!;
    expect(Object.fromEntries(newest.map((row) => [row.status, row.count]))).toEqual({ queued: 1, sent: 2 });
  });
});
