import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ExecutionWrite,
  type MessageRecord,
  type Store,
  identityKey,
  issueApiKey,
  newId,
} from "@herald/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "./index.ts";
import { migrateLibsql, openLibsqlDatabase } from "./libsql.ts";

const dir = mkdtempSync(join(tmpdir(), "herald-db-"));
let store: Store;
let close: () => void;
const sandbox = { id: newId("sbx"), name: "store-test", createdAt: new Date().toISOString() };

function executionWrite(requestId: string, userId: string, now = new Date().toISOString()): ExecutionWrite {
  const expiresAt = new Date(Date.parse(now) + 60_000).toISOString();
  const executionId = newId("exe");
  const identity = { namespace: "email", value: userId };
  const record: MessageRecord = {
    id: newId("msg"),
    sandboxId: sandbox.id,
    executionId,
    campaignId: "cmp_1",
    campaignVersionId: "cv_1",
    channel: "email",
    recipientIndex: 0,
    userId,
    namespace: "email",
    profileId: null,
    address: { channel: "email", email: userId },
    profileOverrides: null,
    context: { code: "1" },
    status: "queued",
    reason: null,
    attempts: 0,
    providerMessageId: null,
    segments: null,
    createdAt: now,
    updatedAt: now,
    sentAt: null,
    queuedAt: now,
  };
  return {
    claim: { key: requestId, createdAt: now, expiresAt },
    execution: {
      id: executionId,
      sandboxId: sandbox.id,
      campaignId: "cmp_1",
      campaignVersionId: "cv_1",
      requestId,
      requestHash: "hash",
      response: { executionId, requestId, createdAt: now, recipients: [] },
      createdAt: now,
    },
    newProfiles: [{ id: newId("prf"), sandboxId: sandbox.id, identity, createdAt: now }],
    messages: [{ record, identity }],
  };
}

function claimRequest(write: ExecutionWrite) {
  return {
    key: write.claim.key,
    executionId: write.execution.id,
    requestHash: write.execution.requestHash,
    createdAt: write.claim.createdAt,
    expiresAt: write.claim.expiresAt,
    staleBefore: new Date(Date.now() - 30_000).toISOString(),
  };
}

beforeAll(async () => {
  const { db, client } = await openLibsqlDatabase(`file:${join(dir, "herald.db")}`);
  await migrateLibsql(db);
  store = createStore(db);
  close = () => client.close();
  const { record } = await issueApiKey(sandbox, "default", ["trigger"], sandbox.createdAt);
  await store.createSandbox(sandbox, record);
});

afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe("libSQL store", () => {
  it("finds an API key with its sandbox name", async () => {
    const { record } = await issueApiKey(sandbox, "second", ["read"], sandbox.createdAt);
    await store.createSandbox({ ...sandbox, id: newId("sbx"), name: "other" }, { ...record, sandboxId: sandbox.id });
    const found = await store.findApiKey(record.id);
    expect(found?.sandboxName).toBe("store-test");
  });

  it("rejects a second execution with one requestId", async () => {
    const first = executionWrite("same-request", "a@example.com");
    expect(await store.writeExecution(first)).toBe(true);
    expect(await store.writeExecution(executionWrite("same-request", "b@example.com"))).toBe(false);
    const found = await store.findClaim(sandbox.id, "same-request", new Date().toISOString());
    expect(found?.execution?.id).toBe(first.execution.id);
    expect(found?.state).toBe("done");
  });

  it("claims a key in the read batch", async () => {
    const write = executionWrite("read-claim", "reader@example.com");
    const request = claimRequest(write);
    const state = await store.loadTriggerState(sandbox.id, request, []);
    expect(state.claim?.executionId).toBe(write.execution.id);
    expect(state.claim?.state).toBe("claiming");
    expect(state.claim?.execution).toBeNull();

    const rival = executionWrite("read-claim", "rival@example.com");
    const seen = await store.loadTriggerState(sandbox.id, claimRequest(rival), []);
    expect(seen.claim?.executionId).toBe(write.execution.id);
    expect(await store.writeExecution(rival)).toBe(false);
    expect(await store.writeExecution(write)).toBe(true);
    const done = await store.findClaim(sandbox.id, "read-claim", new Date().toISOString());
    expect(done?.state).toBe("done");
    expect(done?.execution?.id).toBe(write.execution.id);
  });

  it("takes over a stale claim and fences its writer", async () => {
    const stalled = executionWrite("stale-claim", "stalled@example.com", new Date(Date.now() - 60_000).toISOString());
    await store.loadTriggerState(sandbox.id, claimRequest(stalled), []);
    const next = executionWrite("stale-claim", "next@example.com");
    const state = await store.loadTriggerState(sandbox.id, claimRequest(next), []);
    expect(state.claim?.executionId).toBe(next.execution.id);
    expect(await store.writeExecution(stalled)).toBe(false);
    expect(await store.getExecution(sandbox.id, stalled.execution.id)).toBeNull();
    expect(await store.writeExecution(next)).toBe(true);
  });

  it("releases a claim that wrote nothing", async () => {
    const write = executionWrite("released", "released@example.com");
    await store.loadTriggerState(sandbox.id, claimRequest(write), []);
    await store.releaseClaim(sandbox.id, "released", write.execution.id);
    expect(await store.findClaim(sandbox.id, "released", new Date().toISOString())).toBeNull();
  });

  it("marks a claim done", async () => {
    const write = executionWrite("complete-me", "done@example.com");
    await store.writeExecution(write);
    await store.markUnqueued([], { sandboxId: sandbox.id, key: "complete-me" });
    const pending = await store.findClaim(sandbox.id, "complete-me", new Date().toISOString());
    expect(pending?.state).toBe("pending");
    await store.completeClaim(sandbox.id, "complete-me", write.execution.id);
    const found = await store.findClaim(sandbox.id, "complete-me", new Date().toISOString());
    expect(found?.state).toBe("done");
  });

  it("reuses a key once its claim expired", async () => {
    const old = executionWrite("expiring", "old@example.com", "2020-01-01T00:00:00.000Z");
    expect(await store.writeExecution(old)).toBe(true);
    const now = new Date().toISOString();
    expect(await store.findClaim(sandbox.id, "expiring", now)).toBeNull();
    const fresh = executionWrite("expiring", "fresh@example.com", now);
    expect(await store.writeExecution(fresh)).toBe(true);
    const found = await store.findClaim(sandbox.id, "expiring", now);
    expect(found?.execution?.id).toBe(fresh.execution.id);
  });

  it("creates one profile for concurrent writes", async () => {
    const writes = Array.from({ length: 5 }, (_, index) => executionWrite(`concurrent-${index}`, "new@example.com"));
    const results = await Promise.all(writes.map((write) => store.writeExecution(write)));
    expect(results).toEqual([true, true, true, true, true]);
    const state = await store.loadTriggerState(sandbox.id, claimRequest(executionWrite("lookup", "x@example.com")), [
      { namespace: "email", value: "new@example.com" },
    ]);
    const profile = state.profiles.get(identityKey({ namespace: "email", value: "new@example.com" }));
    expect(profile?.attributes).toEqual({});
    expect(profile?.createdBy).toBe("interactive-messaging");
    const owners = await Promise.all(
      writes.map(async (write) => (await store.getMessage(sandbox.id, write.messages[0]!.record.id))?.profileId),
    );
    expect(new Set(owners).size).toBe(1);
    expect(owners[0]).toBe(profile?.id);
  });

  it("claims a message once", async () => {
    const write = executionWrite("claim-once", "claim@example.com");
    await store.writeExecution(write);
    const id = write.messages[0]!.record.id;
    const now = new Date().toISOString();
    expect(await store.claimMessage(id, ["queued"], now)).toBe(true);
    expect(await store.claimMessage(id, ["queued"], now)).toBe(false);
    const message = await store.getMessage(sandbox.id, id);
    expect(message?.status).toBe("sending");
    expect(message?.attempts).toBe(1);
  });

  it("claims a batch of messages once", async () => {
    const writes = ["batch-a", "batch-b", "batch-c"].map((key) => executionWrite(key, `${key}@example.com`));
    for (const write of writes) {
      await store.writeExecution(write);
    }
    const ids = writes.map((write) => write.messages[0]!.record.id);
    const now = new Date().toISOString();
    await store.updateMessage(ids[2]!, { status: "sent" }, now);
    const first = await store.claimDeliveries([...ids, "msg_missing"], now, { webhooks: true });
    expect([...first.claimed].sort()).toEqual([ids[0], ids[1]].sort());
    const again = await store.claimDeliveries(ids, now, { webhooks: false });
    expect(again.claimed.size).toBe(0);
    const message = await store.getMessage(sandbox.id, ids[0]!);
    expect(message?.status).toBe("sending");
    expect(message?.attempts).toBe(1);
  });

  it("records a batch of outcomes", async () => {
    const writes = ["record-a", "record-b"].map((key) => executionWrite(key, `${key}@example.com`));
    for (const write of writes) {
      await store.writeExecution(write);
    }
    const [sent, retrying] = writes.map((write) => write.messages[0]!.record.id) as [string, string];
    const now = new Date().toISOString();
    await store.updateMessage(retrying, { status: "retrying", reason: "earlier", providerMessageId: "kept" }, now);
    const rendered = {
      channel: "email" as const,
      from: { address: "noreply@example.com" },
      to: { address: "record-a@example.com" },
      subject: "Ünïcode",
      text: "t",
    };
    await store.recordDeliveries(
      {
        updates: [
          { messageId: sent, update: { status: "sent", reason: null, providerMessageId: "p1", sentAt: now, clearPayload: true } },
          { messageId: retrying, update: { status: "retrying", reason: "x".repeat(1_500) } },
        ],
        outbox: [{ messageId: sent, channel: "email", rendered, createdAt: now }],
        goneTargets: [],
      },
      now,
    );

    const first = await store.getMessage(sandbox.id, sent);
    expect(first?.status).toBe("sent");
    expect(first?.providerMessageId).toBe("p1");
    expect(first?.sentAt).toBe(now);
    expect(first?.reason).toBeNull();
    expect(first?.context, "the payload is cleared").toBeNull();
    const second = await store.getMessage(sandbox.id, retrying);
    expect(second?.reason?.length, "the reason is cut to 1,000 characters and an ellipsis").toBe(1_001);
    expect(second?.providerMessageId, "a field the update leaves out is kept").toBe("kept");
    expect(second?.context, "the payload stays without clearPayload").toEqual({ code: "1" });
    expect((await store.getOutboxEntry(sent))?.rendered).toEqual(rendered);
  });

  it("keeps a gone target's profile and creation time", async () => {
    const created = "2026-01-01T00:00:00.000Z";
    const target = { sandboxId: sandbox.id, key: `token-${crypto.randomUUID()}`, kind: "token" as const, reason: null };
    await store.savePushTarget({ ...target, profileId: "prf_1", status: "active", createdAt: created, updatedAt: created });
    const now = new Date().toISOString();
    const gone = { ...target, profileId: null, status: "gone" as const, reason: "410", createdAt: now, updatedAt: now };
    await store.recordDeliveries({ updates: [], outbox: [], goneTargets: [gone] }, now);
    const saved = await store.getPushTarget(sandbox.id, target.key);
    expect(saved?.status).toBe("gone");
    expect(saved?.profileId).toBe("prf_1");
    expect(saved?.createdAt).toBe(created);
    expect(saved?.reason).toBe("410");
  });

  it("clears the payload when asked", async () => {
    const write = executionWrite("clear-payload", "clear@example.com");
    await store.writeExecution(write);
    const id = write.messages[0]!.record.id;
    await store.updateMessage(id, { status: "sent", clearPayload: true }, new Date().toISOString());
    const message = await store.getMessage(sandbox.id, id);
    expect(message?.context).toBeNull();
    expect(message?.status).toBe("sent");
  });
});

describe("queue state", () => {
  async function written(requestId: string, now?: string) {
    const write = executionWrite(requestId, `${requestId}@example.com`, now);
    await store.writeExecution(write);
    return write.messages[0]!.record.id;
  }

  it("claims only messages marked unqueued", async () => {
    const unqueued = await written("unqueued-one");
    const onQueue = await written("on-queue-one");
    await store.markUnqueued([unqueued]);
    const claimed = await store.claimUnqueued({ now: new Date().toISOString(), limit: 1000 });
    const ids = claimed.map(({ id }) => id);
    expect(ids).toContain(unqueued);
    expect(ids).not.toContain(onQueue);
    expect(claimed.find(({ id }) => id === unqueued)?.channel).toBe("email");
  });

  it("gives concurrent claims disjoint messages", async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, (_, index) => written(`concurrent-claim-${index}`)));
    await store.markUnqueued(ids);
    const now = new Date().toISOString();
    const [first, second] = await Promise.all([
      store.claimUnqueued({ now, limit: 1000 }),
      store.claimUnqueued({ now, limit: 1000 }),
    ]);
    const taken = [...first!, ...second!].map(({ id }) => id).filter((id) => ids.includes(id));
    expect(taken.sort()).toEqual([...ids].sort());
  });

  it("claims a message handed over before the stale time", async () => {
    const old = await written("stale-one", new Date(Date.now() - 3_600_000).toISOString());
    const fresh = await written("fresh-one");
    const now = new Date();
    const claimed = await store.claimUnqueued({
      now: now.toISOString(),
      limit: 1000,
      staleBefore: new Date(now.getTime() - 600_000).toISOString(),
    });
    const ids = claimed.map(({ id }) => id);
    expect(ids).toContain(old);
    expect(ids).not.toContain(fresh);
  });

  it("skips a message the consumer already took", async () => {
    const id = await written("taken-one");
    await store.markUnqueued([id]);
    await store.claimMessage(id, ["queued"], new Date().toISOString());
    const claimed = await store.claimUnqueued({ now: new Date().toISOString(), limit: 1000 });
    expect(claimed.map((message) => message.id)).not.toContain(id);
  });

  it("marks more ids than one statement binds", async () => {
    const ids = await Promise.all(Array.from({ length: 3 }, (_, index) => written(`many-${index}`)));
    const padded = [...Array.from({ length: 200 }, (_, index) => `msg_missing_${index}`), ...ids];
    await store.markUnqueued(padded);
    const claimed = await store.claimUnqueued({ now: new Date().toISOString(), limit: 1000 });
    expect(claimed.map(({ id }) => id).filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
  });
});
