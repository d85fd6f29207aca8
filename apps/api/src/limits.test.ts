import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, liveEmailCampaign, recipient, triggerBody } from "../test/helpers.ts";
import { limitsFrom, maxBodyBytes } from "./worker-deps.ts";

const TRIGGER = "/ajo/im/executions/unitary";

describe("request limits", () => {
  it("rejects a body over the limit with 413", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const padding = "x".repeat(2 * 1024 * 1024);
    const result = await api(TRIGGER, { key, body: { ...triggerBody(campaignId, [recipient("a@example.com")]), padding } });
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(result.body.error.message).toContain("limit of 2097152 bytes");
  });

  it("stops reading a streamed body past the limit", async () => {
    const { key } = await liveEmailCampaign();
    const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 64) {
          controller.close();
        } else {
          controller.enqueue(chunk);
        }
      },
    });
    const response = await SELF.fetch(`http://herald.test${TRIGGER}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    });
    const json = await response.json<{ error: { code: string } }>();
    expect(response.status).toBe(413);
    expect(json.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("rejects JSON nested too deep", async () => {
    const { key } = await liveEmailCampaign();
    const raw = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const result = await api(TRIGGER, { key, method: "POST", raw, headers: { "content-type": "application/json" } });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain("nested deeper than");
  });

  it("rejects a body that is not UTF-8", async () => {
    const { key } = await liveEmailCampaign();
    const response = await SELF.fetch(`http://herald.test${TRIGGER}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(response.status).toBe(400);
    expect((await response.json<{ error: { message: string } }>()).error.message).toContain("UTF-8");
  });

  it("rejects a context over the limit and names it", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    // {"resetUrl":"…"} is 15 bytes around the value: 51,186 characters make it 51,201 bytes.
    const over = recipient("big@example.com", { context: { resetUrl: "u".repeat(51_186) } });
    const result = await api(TRIGGER, { key, body: triggerBody(campaignId, [over]) });
    expect(result.status).toBe(422);
    expect(result.body.error.details[0].code).toBe("CONTEXT_TOO_LARGE");
    expect(result.body.error.details[0].message).toContain("is 51201 bytes, over the limit of 51200 bytes");
  });

  it("accepts a context at the limit", async () => {
    const { key, campaignId } = await liveEmailCampaign();
    const exact = recipient("exact@example.com", { context: { resetUrl: "u".repeat(51_185) } });
    const result = await api(TRIGGER, { key, body: triggerBody(campaignId, [exact]) });
    expect(result.status, JSON.stringify(result.body).slice(0, 300)).toBe(202);
  });

  it("reads every limit from the environment", () => {
    const limits = limitsFrom({
      MAX_RECIPIENTS: "5",
      MAX_CONTEXT_BYTES: "1024",
      IDEMPOTENCY_WINDOW_SECONDS: "60",
      RETRY_BASE_SECONDS: "0",
    } as never);
    expect(limits.maxRecipients).toBe(5);
    expect(limits.maxContextBytes).toBe(1024);
    expect(limits.idempotencyWindowSeconds).toBe(60);
    expect(limits.retryBaseSeconds).toBe(0);
    expect(maxBodyBytes({ MAX_BODY_BYTES: "4096" } as never)).toBe(4096);
  });

  it("falls back to defaults for unusable values", () => {
    const limits = limitsFrom({ MAX_RECIPIENTS: "many", MAX_CONTEXT_BYTES: "-1" } as never);
    expect(limits.maxRecipients).toBe(20);
    expect(limits.maxContextBytes).toBe(51_200);
  });
});
