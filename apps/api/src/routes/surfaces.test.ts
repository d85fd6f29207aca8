import { describe, expect, it } from "vitest";
import { api, createOk, emailCampaign, emailSurface, newSandbox } from "../../test/helpers.ts";

describe("surfaces", () => {
  it("creates and reads an email surface", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/surfaces", { ...emailSurface, replyToAddress: "Help@Example.com" });
    expect(created.id).toMatch(/^srf_/);
    const read = await api(`/v1/surfaces/${created.id}`, { key });
    expect(read.status).toBe(200);
    expect(read.body.settings).toEqual({
      fromAddress: "noreply@example.com",
      fromName: "Example",
      replyToAddress: "Help@example.com",
    });
  });

  it("lists the sandbox's surfaces only", async () => {
    const key = await newSandbox();
    const other = await newSandbox();
    const mine = await createOk(key, "/v1/surfaces", emailSurface);
    await createOk(other, "/v1/surfaces", emailSurface);
    const list = await api("/v1/surfaces", { key });
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([mine.id]);
  });

  it("patches a setting and keeps the others", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/surfaces", emailSurface);
    const patched = await api(`/v1/surfaces/${created.id}`, {
      key,
      method: "PATCH",
      body: { fromName: "Example Support" },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.settings.fromName).toBe("Example Support");
    expect(patched.body.settings.fromAddress).toBe("noreply@example.com");
  });

  it("removes an optional setting patched to null", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/surfaces", emailSurface);
    const patched = await api(`/v1/surfaces/${created.id}`, { key, method: "PATCH", body: { fromName: null } });
    expect(patched.body.settings).toEqual({ fromAddress: "noreply@example.com" });
  });

  it("rejects a patch that changes the channel", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/surfaces", emailSurface);
    const patched = await api(`/v1/surfaces/${created.id}`, { key, method: "PATCH", body: { channel: "sms" } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details[0].path).toBe("channel");
  });

  it("rejects a patch removing a required setting", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/surfaces", emailSurface);
    const patched = await api(`/v1/surfaces/${created.id}`, { key, method: "PATCH", body: { fromAddress: null } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details[0].path).toBe("fromAddress");
  });

  it("rejects a patch with an invalid max segments", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/surfaces", {
      channel: "sms",
      name: "Codes",
      provider: "outbox",
      sender: "Herald",
    });
    const patched = await api(`/v1/surfaces/${created.id}`, { key, method: "PATCH", body: { maxSegments: 99 } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.message).toContain("maxSegments: must be at most 20");
  });

  it("deletes an unused surface", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/surfaces", emailSurface);
    const deleted = await api(`/v1/surfaces/${created.id}`, { key, method: "DELETE" });
    expect(deleted.status).toBe(204);
    const read = await api(`/v1/surfaces/${created.id}`, { key });
    expect(read.status).toBe(404);
  });

  it("keeps a surface a campaign uses", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", emailSurface);
    const campaign = await createOk(key, "/v1/campaigns", emailCampaign(surface.id));
    const deleted = await api(`/v1/surfaces/${surface.id}`, { key, method: "DELETE" });
    expect(deleted.status).toBe(409);
    expect(deleted.body.error.code).toBe("CONFLICT");
    expect(deleted.body.error.message).toContain(campaign.id);
  });

  it("returns 404 for another sandbox's surface", async () => {
    const owner = await newSandbox();
    const other = await newSandbox();
    const surface = await createOk(owner, "/v1/surfaces", emailSurface);
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const result = await api(`/v1/surfaces/${surface.id}`, {
        key: other,
        method,
        ...(method === "PATCH" ? { body: { name: "x" } } : {}),
      });
      expect(result.status, method).toBe(404);
    }
  });
});

describe("surface bad input", () => {
  it("rejects an SMS sender that is neither E.164 nor alphanumeric", async () => {
    const key = await newSandbox();
    const result = await api("/v1/surfaces", {
      key,
      body: { channel: "sms", name: "Codes", provider: "outbox", sender: "555-0199" },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("sender");
  });

  it("rejects a push surface with an unknown platform", async () => {
    const key = await newSandbox();
    const result = await api("/v1/surfaces", {
      key,
      body: { channel: "push", name: "App", provider: "outbox", appId: "com.example.app", platforms: ["tv"] },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("platforms[0]");
  });

  it("rejects a from name with a line break", async () => {
    const key = await newSandbox();
    const result = await api("/v1/surfaces", { key, body: { ...emailSurface, fromName: "A\r\nBcc: x@example.net" } });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("fromName");
  });

  it("rejects malformed JSON in a patch", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", emailSurface);
    const result = await api(`/v1/surfaces/${surface.id}`, {
      key,
      method: "PATCH",
      raw: "{",
      headers: { "content-type": "application/json" },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("MALFORMED_JSON");
  });

  it("rejects a patch that is an array", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", emailSurface);
    const result = await api(`/v1/surfaces/${surface.id}`, { key, method: "PATCH", body: [1] });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("VALIDATION_FAILED");
  });
});
