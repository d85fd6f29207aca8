import { describe, expect, it } from "vitest";
import {
  activate,
  api,
  createOk,
  emailCampaign,
  emailSurface,
  newSandbox,
  recipient,
  triggerBody,
  waitForFinal,
} from "../../test/helpers.ts";

async function draftCampaign(overrides: Record<string, unknown> = {}) {
  const key = await newSandbox();
  const surface = await createOk(key, "/v1/surfaces", emailSurface);
  const campaign = await createOk(key, "/v1/campaigns", emailCampaign(surface.id, overrides));
  return { key, surfaceId: surface.id as string, campaignId: campaign.id as string };
}

async function post(key: string, path: string) {
  return api(path, { key, method: "POST" });
}

async function triggerOne(key: string, campaignId: string, userId: string) {
  const result = await api("/ajo/im/executions/unitary", { key, body: triggerBody(campaignId, [recipient(userId)]) });
  expect(result.status, JSON.stringify(result.body)).toBe(202);
  const execution = await waitForFinal(key, result.body.executionId);
  const messageId = execution.recipients[0].messageId as string;
  const message = await api(`/v1/messages/${messageId}`, { key });
  return message.body;
}

describe("campaign lifecycle", () => {
  it("walks draft to live to new version to stopped", async () => {
    const { key, campaignId } = await draftCampaign();
    const live = await activate(key, campaignId);
    expect(live.status).toBe("live");
    const first = await triggerOne(key, campaignId, "first@example.com");
    expect(first.rendered.subject).toBe("Hi Jane, reset your password");

    const edited = await api(`/v1/campaigns/${campaignId}`, {
      key,
      method: "PATCH",
      body: { content: { subject: "Reset your password, {{profile.person.name.firstName}}" } },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.status).toBe("live");
    expect(edited.body.draft.number).toBe(2);
    expect(edited.body.draft.content.text).toBe("Reset: {{context.resetUrl}}");
    expect(edited.body.live.id).toBe(live.live.id);

    const whileEditing = await triggerOne(key, campaignId, "during@example.com");
    expect(whileEditing.campaignVersionId).toBe(live.live.id);
    expect(whileEditing.rendered.subject).toBe("Hi Jane, reset your password");

    const second = await activate(key, campaignId);
    expect(second.live.id).toBe(edited.body.draft.id);
    expect(second.draft).toBeNull();
    const after = await triggerOne(key, campaignId, "after@example.com");
    expect(after.campaignVersionId).toBe(second.live.id);
    expect(after.campaignVersionId).not.toBe(first.campaignVersionId);
    expect(after.rendered.subject).toBe("Reset your password, Jane");

    const stopped = await post(key, `/v1/campaigns/${campaignId}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe("stopped");
    const rejected = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("late@example.com")]),
    });
    expect(rejected.status).toBe(409);
    expect(rejected.body.error.code).toBe("CAMPAIGN_NOT_LIVE");
    expect(rejected.body.error.message).toContain("stopped");
  });

  it("keeps a stopped campaign final", async () => {
    const { key, campaignId } = await draftCampaign();
    await activate(key, campaignId);
    await post(key, `/v1/campaigns/${campaignId}/stop`);
    const patch = await api(`/v1/campaigns/${campaignId}`, { key, method: "PATCH", body: { title: "Again" } });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe("INVALID_STATE");
    const reactivate = await post(key, `/v1/campaigns/${campaignId}/activate`);
    expect(reactivate.status).toBe(409);
    const stopAgain = await post(key, `/v1/campaigns/${campaignId}/stop`);
    expect(stopAgain.status).toBe(409);
  });

  it("archives a stopped campaign", async () => {
    const { key, campaignId } = await draftCampaign();
    await activate(key, campaignId);
    await post(key, `/v1/campaigns/${campaignId}/stop`);
    const archived = await post(key, `/v1/campaigns/${campaignId}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.status).toBe("archived");
  });

  it("rejects archiving a live campaign", async () => {
    const { key, campaignId } = await draftCampaign();
    await activate(key, campaignId);
    const archived = await post(key, `/v1/campaigns/${campaignId}/archive`);
    expect(archived.status).toBe(409);
    expect(archived.body.error.message).toContain("stop it first");
  });

  it("rejects stopping a draft", async () => {
    const { key, campaignId } = await draftCampaign();
    const stopped = await post(key, `/v1/campaigns/${campaignId}/stop`);
    expect(stopped.status).toBe(409);
    expect(stopped.body.error.code).toBe("INVALID_STATE");
  });

  it("duplicates a stopped campaign as a draft", async () => {
    const { key, campaignId } = await draftCampaign();
    const live = await activate(key, campaignId);
    await post(key, `/v1/campaigns/${campaignId}/stop`);
    const copy = await post(key, `/v1/campaigns/${campaignId}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body.id).not.toBe(campaignId);
    expect(copy.body.status).toBe("draft");
    expect(copy.body.draft.title).toBe("Password reset (copy)");
    expect(copy.body.draft.content).toEqual(live.live.content);
    const again = await activate(key, copy.body.id);
    expect(again.status).toBe("live");
  });

  it("deletes a draft", async () => {
    const { key, campaignId } = await draftCampaign();
    const deleted = await api(`/v1/campaigns/${campaignId}`, { key, method: "DELETE" });
    expect(deleted.status).toBe(204);
    const read = await api(`/v1/campaigns/${campaignId}`, { key });
    expect(read.status).toBe(404);
  });

  it("rejects deleting a live campaign", async () => {
    const { key, campaignId } = await draftCampaign();
    await activate(key, campaignId);
    const deleted = await api(`/v1/campaigns/${campaignId}`, { key, method: "DELETE" });
    expect(deleted.status).toBe(409);
    expect(deleted.body.error.message).toContain("only a draft can be deleted");
  });

  it("edits a draft in place", async () => {
    const { key, campaignId } = await draftCampaign();
    const before = await api(`/v1/campaigns/${campaignId}`, { key });
    const edited = await api(`/v1/campaigns/${campaignId}`, {
      key,
      method: "PATCH",
      body: { title: "Reset", description: "Sent from the login page", content: { html: null } },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.draft.id).toBe(before.body.draft.id);
    expect(edited.body.draft.number).toBe(1);
    expect(edited.body.draft.title).toBe("Reset");
    expect(edited.body.draft.content.html).toBeUndefined();
    expect(edited.body.draft.description).toBe("Sent from the login page");
  });

  it("completes after the end date", async () => {
    const endAt = new Date(Date.now() + 1_500).toISOString();
    const { key, campaignId } = await draftCampaign({ endAt });
    await activate(key, campaignId);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const read = await api(`/v1/campaigns/${campaignId}`, { key });
    expect(read.body.status).toBe("completed");
    const trigger = await api("/ajo/im/executions/unitary", {
      key,
      body: triggerBody(campaignId, [recipient("late@example.com")]),
    });
    expect(trigger.status).toBe(409);
    expect(trigger.body.error.code).toBe("CAMPAIGN_ENDED");
    expect(trigger.body.error.message).toContain(endAt);
    const archived = await post(key, `/v1/campaigns/${campaignId}/archive`);
    expect(archived.body.status).toBe("archived");
  });
});

describe("campaign patch bad input", () => {
  it("rejects a channel change", async () => {
    const { key, campaignId } = await draftCampaign();
    const result = await api(`/v1/campaigns/${campaignId}`, { key, method: "PATCH", body: { channel: "sms" } });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("channel");
  });

  it("rejects a date without an offset", async () => {
    const { key, campaignId } = await draftCampaign();
    const result = await api(`/v1/campaigns/${campaignId}`, {
      key,
      method: "PATCH",
      body: { startAt: "2030-01-01T09:00:00" },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("startAt");
  });

  it("rejects content of the wrong type", async () => {
    const { key, campaignId } = await draftCampaign();
    const result = await api(`/v1/campaigns/${campaignId}`, { key, method: "PATCH", body: { content: "hi" } });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("content");
  });

  it("rejects an unknown content part", async () => {
    const { key, campaignId } = await draftCampaign();
    const result = await api(`/v1/campaigns/${campaignId}`, { key, method: "PATCH", body: { content: { body: "x" } } });
    expect(result.status).toBe(400);
    expect(result.body.error.details[0].path).toBe("content.body");
  });

  it("returns 404 for an unknown campaign", async () => {
    const key = await newSandbox();
    for (const [method, path] of [
      ["PATCH", "/v1/campaigns/cmp_missing"],
      ["DELETE", "/v1/campaigns/cmp_missing"],
      ["POST", "/v1/campaigns/cmp_missing/stop"],
      ["POST", "/v1/campaigns/cmp_missing/archive"],
      ["POST", "/v1/campaigns/cmp_missing/duplicate"],
      ["POST", "/v1/campaigns/cmp_missing/activate"],
      ["POST", "/v1/campaigns/cmp_missing/review"],
    ] as const) {
      const result = await api(path, { key, method, ...(method === "PATCH" ? { body: { title: "x" } } : {}) });
      expect(result.status, `${method} ${path}`).toBe(404);
      expect(result.body.error.code).toBe("NOT_FOUND");
    }
  });
});
