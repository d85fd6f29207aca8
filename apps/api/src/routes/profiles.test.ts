import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { activate, api, createOk, liveEmailCampaign, newSandbox, recipient, triggerBody, waitForFinal } from "../../test/helpers.ts";

const ECID = "69182582886243657171234567890123456789";

async function profileCount(sandboxKey: string): Promise<number> {
  const list = await api("/v1/profiles?limit=200", { key: sandboxKey });
  return list.body.items.length;
}

describe("profiles", () => {
  it("creates and reads a profile", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/profiles", {
      identities: [{ namespace: "email", value: " Jane@Example.COM " }],
      attributes: { person: { name: { firstName: "Jane" } } },
    });
    expect(created.id).toMatch(/^prf_/);
    expect(created.identities).toEqual([{ namespace: "email", value: "jane@example.com" }]);
    expect(created.createdBy).toBe("api");
    const read = await api(`/v1/profiles/${created.id}`, { key });
    expect(read.body).toEqual(created);
  });

  it("looks up a profile by identity", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/profiles", { identities: [{ namespace: "email", value: "User@Example.com" }] });
    for (const value of ["User@Example.com", "user@example.com", " User@Example.com "]) {
      const found = await api(`/v1/profiles?namespace=email&identity=${encodeURIComponent(value)}`, { key });
      expect(found.status, value).toBe(200);
      expect(found.body.items.map((item: { id: string }) => item.id), value).toEqual([created.id]);
    }
  });

  it("returns no profile for an unknown identity", async () => {
    const key = await newSandbox();
    const found = await api("/v1/profiles?namespace=email&identity=nobody%40example.com", { key });
    expect(found.body).toEqual({ items: [], nextCursor: null });
  });

  it("rejects an identity another profile has", async () => {
    const key = await newSandbox();
    await createOk(key, "/v1/profiles", { identities: [{ namespace: "email", value: "taken@example.com" }] });
    const second = await api("/v1/profiles", { key, body: { identities: [{ namespace: "email", value: "Taken@Example.com" }] } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe("CONFLICT");
    expect(second.body.error.message).toContain("email taken@example.com");
    expect(await profileCount(key)).toBe(1);
  });

  it("merges attributes on update", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/profiles", {
      identities: [{ namespace: "email", value: "merge@example.com" }],
      attributes: { firstName: "Sam", tier: "gold", address: { city: "Oslo", zip: "0150" } },
    });
    const updated = await api(`/v1/profiles/${created.id}`, {
      key,
      method: "PATCH",
      body: { attributes: { tier: null, address: { city: "Bergen" } } },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.attributes).toEqual({ firstName: "Sam", address: { city: "Bergen", zip: "0150" } });
  });

  it("replaces identities on update", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/profiles", { identities: [{ namespace: "email", value: "old@example.com" }] });
    const updated = await api(`/v1/profiles/${created.id}`, {
      key,
      method: "PATCH",
      body: {
        identities: [
          { namespace: "email", value: "new@example.com" },
          { namespace: "phone", value: "(555) 555-0100" },
        ],
        defaultRegion: "US",
      },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const old = await api("/v1/profiles?namespace=email&identity=old%40example.com", { key });
    expect(old.body.items).toEqual([]);
    const phone = await api(`/v1/profiles?namespace=phone&identity=${encodeURIComponent("+15555550100")}`, { key });
    expect(phone.body.items[0].id).toBe(created.id);
  });

  it("rejects taking another profile's identity on update", async () => {
    const key = await newSandbox();
    await createOk(key, "/v1/profiles", { identities: [{ namespace: "email", value: "first@example.com" }] });
    const second = await createOk(key, "/v1/profiles", { identities: [{ namespace: "email", value: "second@example.com" }] });
    const updated = await api(`/v1/profiles/${second.id}`, {
      key,
      method: "PATCH",
      body: { identities: [{ namespace: "email", value: "first@example.com" }], attributes: { x: 1 } },
    });
    expect(updated.status).toBe(409);
    const read = await api(`/v1/profiles/${second.id}`, { key });
    expect(read.body.identities).toEqual([{ namespace: "email", value: "second@example.com" }]);
    expect(read.body.attributes).toEqual({});
  });

  it("deletes a profile and its identities", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/profiles", { identities: [{ namespace: "email", value: "gone@example.com" }] });
    const deleted = await api(`/v1/profiles/${created.id}`, { key, method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect((await api(`/v1/profiles/${created.id}`, { key })).status).toBe(404);
    const again = await createOk(key, "/v1/profiles", { identities: [{ namespace: "email", value: "gone@example.com" }] });
    expect(again.id).not.toBe(created.id);
  });

  it("pages through profiles", async () => {
    const key = await newSandbox();
    for (const index of [1, 2, 3]) {
      await createOk(key, "/v1/profiles", { identities: [{ namespace: "crmId", value: `c-${index}` }] });
    }
    const first = await api("/v1/profiles?limit=2", { key });
    expect(first.body.items).toHaveLength(2);
    const second = await api(`/v1/profiles?limit=2&cursor=${first.body.nextCursor}`, { key });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it("hides another sandbox's profile", async () => {
    const owner = await newSandbox();
    const other = await newSandbox();
    const created = await createOk(owner, "/v1/profiles", { identities: [{ namespace: "email", value: "mine@example.com" }] });
    expect((await api(`/v1/profiles/${created.id}`, { key: other })).status).toBe(404);
    const lookup = await api("/v1/profiles?namespace=email&identity=mine%40example.com", { key: other });
    expect(lookup.body.items).toEqual([]);
    expect((await api(`/v1/profiles/${created.id}`, { key: other, method: "DELETE" })).status).toBe(404);
  });
});

describe("profile bad input", () => {
  it("rejects an impossible phone identity", async () => {
    const key = await newSandbox();
    const result = await api("/v1/profiles", {
      key,
      body: { identities: [{ namespace: "phone", value: "05555550100" }], defaultRegion: "US" },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("identities[0].value");
    expect(result.body.error.message).toContain("05555550100");
  });

  it("rejects an ECID that is not 38 digits", async () => {
    const key = await newSandbox();
    const result = await api("/v1/profiles", { key, body: { identities: [{ namespace: "ecid", value: "ecid-123" }] } });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain("exactly 38 digits");
  });

  it("accepts a valid ECID", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/profiles", { identities: [{ namespace: "ecid", value: ECID }] });
    expect(created.identities[0].value).toBe(ECID);
  });

  it("rejects two entries for one identity", async () => {
    const key = await newSandbox();
    const result = await api("/v1/profiles", {
      key,
      body: {
        identities: [
          { namespace: "email", value: "a@example.com" },
          { namespace: "email", value: "A@Example.com" },
        ],
      },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("identities[1].value");
  });

  it("rejects a profile without identities", async () => {
    const key = await newSandbox();
    const result = await api("/v1/profiles", { key, body: { identities: [], attributes: {} } });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("identities");
  });

  it("rejects attributes that are not an object", async () => {
    const key = await newSandbox();
    const result = await api("/v1/profiles", {
      key,
      body: { identities: [{ namespace: "email", value: "a@example.com" }], attributes: ["tier", "gold"] },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("attributes");
  });

  it("rejects attributes over 100 KiB", async () => {
    const key = await newSandbox();
    const result = await api("/v1/profiles", {
      key,
      body: { identities: [{ namespace: "email", value: "a@example.com" }], attributes: { blob: "x".repeat(102_400) } },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain("over the limit of 102400 bytes");
  });

  it("rejects a lookup without namespace", async () => {
    const key = await newSandbox();
    const result = await api("/v1/profiles?identity=a%40example.com", { key });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("namespace");
  });

  it("rejects an unknown query parameter", async () => {
    const key = await newSandbox();
    const result = await api("/v1/profiles?email=a%40example.com", { key });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("email");
  });

  it("rejects a bad cursor", async () => {
    const key = await newSandbox();
    const result = await api("/v1/profiles?cursor=nonsense", { key });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("cursor");
  });

  it("rejects malformed JSON", async () => {
    const key = await newSandbox();
    const result = await api("/v1/profiles", { key, method: "POST", raw: "{", headers: { "content-type": "application/json" } });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("MALFORMED_JSON");
  });

  it("rejects an unknown field in a patch", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/profiles", { identities: [{ namespace: "email", value: "p@example.com" }] });
    const result = await api(`/v1/profiles/${created.id}`, { key, method: "PATCH", body: { name: "x" } });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("name");
  });
});

describe("profiles and triggers", () => {
  it("finds one email profile however it is written", async () => {
    const { key, campaignId } = await liveEmailCampaign({ createProfiles: false });
    const created = await createOk(key, "/v1/profiles", {
      identities: [{ namespace: "email", value: "User@Example.com" }],
      attributes: { person: { name: { firstName: "Stored" } } },
    });
    for (const userId of ["User@Example.com", "user@example.com", " User@Example.com "]) {
      const trigger = await api("/ajo/im/executions/unitary", {
        key,
        body: triggerBody(campaignId, [recipient(userId, { profile: undefined })]),
      });
      expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
      const execution = await waitForFinal(key, trigger.body.executionId);
      expect(execution.recipients[0].profileId, userId).toBe(created.id);
      const message = await api(`/v1/messages/${trigger.body.recipients[0].messageId}`, { key });
      expect(message.body.rendered.subject, userId).toBe("Hi Stored, reset your password");
    }
    expect(await profileCount(key)).toBe(1);
  });

  it("reads phone profiles in E.164", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", {
      channel: "sms",
      name: "Codes",
      provider: "outbox",
      sender: "Herald",
      defaultRegion: "US",
    });
    const campaign = await createOk(key, "/v1/campaigns", {
      channel: "sms",
      title: "Code",
      surfaceId: surface.id,
      content: { body: "Code {{context.code}}" },
    });
    await activate(key, campaign.id);
    const created = await createOk(key, "/v1/profiles", { identities: [{ namespace: "phone", value: "+1 (555) 555-0100 " }] });
    expect(created.identities[0].value).toBe("+15555550100");
    const cases: [string, number, string | null][] = [
      ["(555) 555-0100", 202, "+15555550100"],
      ["+1 (555) 555-0100 ", 202, "+15555550100"],
      ["05555550100", 422, null],
    ];
    for (const [userId, status, to] of cases) {
      const trigger = await api("/ajo/im/executions/unitary", {
        key,
        body: triggerBody(campaign.id, [{ type: "aep", userId, namespace: "phone", context: { code: "1" } }]),
      });
      expect(trigger.status, userId).toBe(status);
      if (to === null) {
        expect(trigger.body.error.details[0].code).toBe("INVALID_PHONE");
        expect(trigger.body.error.message).not.toContain("+105555550100");
        continue;
      }
      const execution = await waitForFinal(key, trigger.body.executionId);
      expect(execution.recipients[0].profileId, userId).toBe(created.id);
      const message = await api(`/v1/messages/${trigger.body.recipients[0].messageId}`, { key });
      expect(message.body.rendered.to, userId).toBe(to);
    }
  });

  it("keys an Australian number in E.164", async () => {
    const key = await newSandbox();
    const created = await createOk(key, "/v1/profiles", { identities: [{ namespace: "phone", value: "+61 (0491) 570 156" }] });
    expect(created.identities[0].value).toBe("+61491570156");
    const found = await api(`/v1/profiles?namespace=phone&identity=${encodeURIComponent("+61491570156")}`, { key });
    expect(found.body.items[0].id).toBe(created.id);
  });

  it("rejects an invalid ECID recipient", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", { channel: "push", name: "App", provider: "outbox", appId: "com.example.app" });
    const campaign = await createOk(key, "/v1/campaigns", {
      channel: "push",
      title: "Ping",
      surfaceId: surface.id,
      createProfiles: true,
      content: { title: "Ping" },
    });
    await activate(key, campaign.id);
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaign.id, [
        { type: "aep", userId: "ecid-123", channelData: { pushInfo: { token: "device-1" } } },
      ]),
    });
    expect(trigger.status).toBe(422);
    expect(trigger.body.error.details[0].path).toBe("recipients[0].userId");
    expect(trigger.body.error.details[0].code).toBe("INVALID_IDENTITY");
  });

  it("sends to external recipients without profiles", async () => {
    const { key, campaignId } = await liveEmailCampaign({ createProfiles: false });
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [
        recipient("outside@example.com", { type: "external", namespace: undefined }),
        recipient("crm-42", { type: "external", namespace: undefined, channelData: { emailAddress: "crm42@example.com" } }),
      ]),
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(202);
    const execution = await waitForFinal(key, trigger.body.executionId);
    expect(execution.recipients.map((item: { profileId: string | null }) => item.profileId)).toEqual([null, null]);
    const second = await api(`/v1/messages/${trigger.body.recipients[1].messageId}`, { key });
    expect(second.body.rendered.to.address).toBe("crm42@example.com");
    expect(await profileCount(key)).toBe(0);
  });

  it("creates no profile for external recipients", async () => {
    const { key, campaignId } = await liveEmailCampaign({ createProfiles: true });
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("external@example.com", { type: "external" })]),
    });
    expect(trigger.status).toBe(202);
    const sandbox = await env.DB.prepare("SELECT sandbox_id FROM messages WHERE id = ?")
      .bind(trigger.body.recipients[0].messageId)
      .first<{ sandbox_id: string }>();
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM profiles WHERE sandbox_id = ?")
      .bind(sandbox?.sandbox_id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });
});
