import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createKey, keyIdOf } from "../../test/fixtures.ts";
import { api, newSandbox } from "../../test/helpers.ts";

describe("api keys", () => {
  it("shows the token once at creation", async () => {
    const owner = await newSandbox();
    const created = await api("/v1/api-keys", { key: owner, body: { name: "ci", scopes: ["trigger"] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.key).toMatch(/^hk_[0-9a-z]{26}_[A-Za-z0-9_-]{43}$/);
    expect(created.body.scopes).toEqual(["trigger"]);
    expect(created.body.revokedAt).toBeNull();

    const listed = await api("/v1/api-keys", { key: owner });
    const item = listed.body.items.find((entry: { id: string }) => entry.id === created.body.id);
    expect(item.name).toBe("ci");
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key.slice("hk_".length + 27));
    expect(JSON.stringify(listed.body)).not.toContain("secretHash");
    const single = await api(`/v1/api-keys/${created.body.id}`, { key: owner });
    expect(single.body.key).toBeUndefined();
  });

  it("stores only a hash of the secret", async () => {
    const owner = await newSandbox();
    const token = await createKey(owner, ["read"]);
    const row = await env.DB.prepare("SELECT secret_hash FROM api_keys WHERE id = ?")
      .bind(keyIdOf(token))
      .first<{ secret_hash: string }>();
    expect(row?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.secret_hash).not.toContain(token.split("_")[2]);
  });

  it("authenticates a new key with its scope", async () => {
    const owner = await newSandbox();
    const reader = await createKey(owner, ["read"]);
    expect((await api("/v1/surfaces", { key: reader })).status).toBe(200);
    expect((await api("/v1/surfaces", { key: reader, body: {} })).status).toBe(403);
  });

  it("rejects a revoked key at once", async () => {
    const owner = await newSandbox();
    const token = await createKey(owner, ["read"]);
    expect((await api("/v1/surfaces", { key: token })).status).toBe(200);
    const revoked = await api(`/v1/api-keys/${keyIdOf(token)}`, { method: "DELETE", key: owner });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toMatch(/^\d{4}-/);
    const rejected = await api("/v1/surfaces", { key: token });
    expect(rejected.status).toBe(401);
    expect(rejected.body.error.code).toBe("UNAUTHORIZED");
  });

  it("keeps the first revocation time", async () => {
    const owner = await newSandbox();
    const id = keyIdOf(await createKey(owner, ["read"]));
    const first = await api(`/v1/api-keys/${id}`, { method: "DELETE", key: owner });
    const second = await api(`/v1/api-keys/${id}`, { method: "DELETE", key: owner });
    expect(second.status).toBe(200);
    expect(second.body.revokedAt).toBe(first.body.revokedAt);
  });

  it("rejects a wrong secret for a real key id", async () => {
    const owner = await newSandbox();
    const token = await createKey(owner, ["read"]);
    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await api("/v1/surfaces", { key: forged })).status).toBe(401);
  });

  it("grants no scope the caller lacks", async () => {
    const owner = await newSandbox();
    const manager = await createKey(owner, ["manage", "read"]);
    const result = await api("/v1/api-keys", { key: manager, body: { name: "escalate", scopes: ["trigger"] } });
    expect(result.status).toBe(403);
    expect(result.body.error.code).toBe("FORBIDDEN");
    expect(result.body.error.message).toContain("trigger");
  });

  it("names each invalid field", async () => {
    const owner = await newSandbox();
    const result = await api("/v1/api-keys", {
      key: owner,
      body: { name: "", scopes: ["admin", "read"], rateLimit: { limit: 0, windowSeconds: 10 } },
    });
    expect(result.status).toBe(400);
    const paths = result.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "scopes[0]", "rateLimit.limit"]));
  });

  it("rejects repeated scopes", async () => {
    const owner = await newSandbox();
    const result = await api("/v1/api-keys", { key: owner, body: { name: "twice", scopes: ["read", "read"] } });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain("must not repeat a scope");
  });

  it("returns 404 for another sandbox's key", async () => {
    const owner = await newSandbox();
    const stranger = await newSandbox();
    const id = keyIdOf(await createKey(owner, ["read"]));
    const result = await api(`/v1/api-keys/${id}`, { method: "DELETE", key: stranger });
    expect(result.status).toBe(404);
    const still = await api(`/v1/api-keys/${id}`, { key: owner });
    expect(still.body.revokedAt).toBeNull();
  });
});
