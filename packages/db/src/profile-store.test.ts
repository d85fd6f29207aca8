import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Profile, type Store, issueApiKey, newId } from "@herald/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "./index.ts";
import { migrateLibsql, openLibsqlDatabase } from "./libsql.ts";

const dir = mkdtempSync(join(tmpdir(), "herald-profiles-"));
let store: Store;
let close: () => void;
const now = "2026-01-01T00:00:00.000Z";
const sandbox = { id: newId("sbx"), name: "profile-store", createdAt: now };

function profile(...emails: string[]): Profile {
  return {
    id: newId("prf"),
    sandboxId: sandbox.id,
    attributes: { tier: "gold" },
    createdBy: "api",
    identities: emails.map((value) => ({ namespace: "email", value })),
    createdAt: now,
    updatedAt: now,
  };
}

beforeAll(async () => {
  const { db, client } = await openLibsqlDatabase(`file:${join(dir, "herald.db")}`);
  await migrateLibsql(db);
  store = createStore(db);
  close = () => client.close();
  const { record } = await issueApiKey(sandbox, "default", ["manage"], now);
  await store.createSandbox(sandbox, record);
});

afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe("profile store", () => {
  it("finds a created profile by identity", async () => {
    const created = profile("find@example.com", "find2@example.com");
    expect(await store.createProfile(created)).toEqual({ ok: true });
    const found = await store.findProfile(sandbox.id, { namespace: "email", value: "find2@example.com" });
    expect(found?.id).toBe(created.id);
    expect(found?.identities).toHaveLength(2);
  });

  it("names the taken identity", async () => {
    await store.createProfile(profile("taken@example.com"));
    const second = profile("free@example.com", "taken@example.com");
    expect(await store.createProfile(second)).toEqual({
      ok: false,
      reason: "taken",
      taken: [{ namespace: "email", value: "taken@example.com" }],
    });
    expect(await store.getProfile(sandbox.id, second.id)).toBeNull();
  });

  it("creates one profile for concurrent creates", async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => store.createProfile(profile("race@example.com"))));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("replaces identities", async () => {
    const created = profile("before@example.com");
    await store.createProfile(created);
    const changed = { ...created, identities: [{ namespace: "email", value: "after@example.com" }], updatedAt: "2026-01-02T00:00:00.000Z" };
    expect(await store.updateProfile(changed, now, true)).toEqual({ ok: true });
    expect(await store.findProfile(sandbox.id, { namespace: "email", value: "before@example.com" })).toBeNull();
    expect((await store.findProfile(sandbox.id, { namespace: "email", value: "after@example.com" }))?.id).toBe(created.id);
  });

  it("changes nothing on a stale update", async () => {
    const created = profile("stale@example.com");
    await store.createProfile(created);
    const changed = {
      ...created,
      attributes: {},
      identities: [{ namespace: "email", value: "stale2@example.com" }],
      updatedAt: "2026-01-02T00:00:00.000Z",
    };
    expect(await store.updateProfile(changed, "1999-01-01T00:00:00.000Z", true)).toEqual({ ok: false, reason: "stale" });
    const read = await store.getProfile(sandbox.id, created.id);
    expect(read?.identities).toEqual([{ namespace: "email", value: "stale@example.com" }]);
    expect(read?.attributes).toEqual({ tier: "gold" });
  });

  it("deletes a profile with its identities", async () => {
    const created = profile("delete@example.com");
    await store.createProfile(created);
    expect(await store.deleteProfile(sandbox.id, created.id)).toBe(true);
    expect(await store.findProfile(sandbox.id, { namespace: "email", value: "delete@example.com" })).toBeNull();
    expect(await store.deleteProfile(sandbox.id, created.id)).toBe(false);
  });
});
