import { describe, expect, it } from "vitest";
import {
  buildPushPayload,
  checkPushPayload,
  PUSH_PAYLOAD_LIMIT_BYTES,
  pushPayloadBytes,
  type PushPayloadInput,
} from "./push-payload.ts";
import type { RenderedPush } from "./sending.ts";

/** Bytes of `{"notification":{"title":"T","body":""}}`, the payload around an empty body. */
const EMPTY_BODY_BYTES = 40;

function bodyBytes(body: string): number {
  return pushPayloadBytes(buildPushPayload({ title: "T", body }));
}

describe("buildPushPayload", () => {
  it("builds title and body", () => {
    expect(buildPushPayload({ title: "Hi", body: "Yo" })).toEqual({
      notification: { title: "Hi", body: "Yo" },
    });
  });

  it("adds image, link and data", () => {
    const input: PushPayloadInput = {
      title: "Hi",
      body: "Yo",
      imageUrl: "https://example.com/a.png",
      deepLink: "app://orders/42",
      data: { orderId: "42" },
    };
    expect(buildPushPayload(input)).toEqual({
      notification: { title: "Hi", body: "Yo", image: "https://example.com/a.png" },
      link: "app://orders/42",
      data: { orderId: "42" },
    });
  });

  it("leaves out empty data", () => {
    expect(buildPushPayload({ title: "Hi", body: "Yo", data: {} })).not.toHaveProperty("data");
  });

  it("leaves out recipient fields", () => {
    const rendered: RenderedPush = {
      channel: "push",
      to: { kind: "token", token: "device-token" },
      title: "Hi",
      body: "Yo",
    };
    expect(Object.keys(buildPushPayload(rendered))).toEqual(["notification"]);
  });

  it("serializes in a fixed order", () => {
    const payload = buildPushPayload({
      data: { a: "1" },
      deepLink: "app://x",
      imageUrl: "https://example.com/i.png",
      body: "B",
      title: "T",
    });
    expect(JSON.stringify(payload)).toBe(
      '{"notification":{"title":"T","body":"B","image":"https://example.com/i.png"},' +
        '"link":"app://x","data":{"a":"1"}}',
    );
  });
});

describe("pushPayloadBytes", () => {
  it("counts serialized JSON", () => {
    expect(pushPayloadBytes({ notification: { title: "Hi", body: "Yo" } })).toBe(43);
  });

  it("counts empty body payload", () => {
    expect(bodyBytes("")).toBe(EMPTY_BODY_BYTES);
  });

  it("counts é as two bytes", () => {
    expect(bodyBytes("é") - EMPTY_BODY_BYTES).toBe(2);
  });

  it("counts euro sign as three bytes", () => {
    expect(bodyBytes("€") - EMPTY_BODY_BYTES).toBe(3);
  });

  it("counts emoji as four bytes", () => {
    expect(bodyBytes("😘") - EMPTY_BODY_BYTES).toBe(4);
  });

  it("counts escaped quote as two bytes", () => {
    expect(bodyBytes('"') - EMPTY_BODY_BYTES).toBe(2);
  });

  it("counts escaped newline as two bytes", () => {
    expect(bodyBytes("\n") - EMPTY_BODY_BYTES).toBe(2);
  });

  it("counts control character escape", () => {
    expect(bodyBytes("\u0001") - EMPTY_BODY_BYTES).toBe(6);
  });

  it("counts lone surrogate escape", () => {
    expect(bodyBytes("\ud83d") - EMPTY_BODY_BYTES).toBe(6);
  });
});

describe("checkPushPayload", () => {
  it("rejects 5000 ASCII characters", () => {
    const check = checkPushPayload({ title: "Sale", body: "a".repeat(5000) });
    expect(check.ok).toBe(false);
    expect(check.bytes).toBeGreaterThan(4096);
  });

  it("reports the default limit", () => {
    expect(checkPushPayload({ title: "T", body: "" }).limit).toBe(PUSH_PAYLOAD_LIMIT_BYTES);
  });

  it("sets the limit to 4096 bytes", () => {
    expect(PUSH_PAYLOAD_LIMIT_BYTES).toBe(4096);
  });

  it("accepts ASCII at the limit", () => {
    const body = "a".repeat(4096 - EMPTY_BODY_BYTES);
    const check = checkPushPayload({ title: "T", body });
    expect(check.bytes).toBe(4096);
    expect(check.ok).toBe(true);
  });

  it("rejects ASCII one byte over", () => {
    const body = "a".repeat(4097 - EMPTY_BODY_BYTES);
    expect(checkPushPayload({ title: "T", body }).ok).toBe(false);
  });

  it("accepts é at the limit", () => {
    const body = "é".repeat((4096 - EMPTY_BODY_BYTES) / 2);
    const check = checkPushPayload({ title: "T", body });
    expect(check.bytes).toBe(4096);
    expect(check.ok).toBe(true);
  });

  it("rejects é that fit as characters", () => {
    const body = "é".repeat((4096 - EMPTY_BODY_BYTES) / 2 + 1);
    const check = checkPushPayload({ title: "T", body });
    expect(body.length).toBeLessThan(4096 - EMPTY_BODY_BYTES);
    expect(check.bytes).toBe(4098);
    expect(check.ok).toBe(false);
  });

  it("rejects emoji one byte over", () => {
    const body = "😘".repeat((4096 - EMPTY_BODY_BYTES) / 4) + "a";
    const check = checkPushPayload({ title: "T", body });
    expect(check.bytes).toBe(4097);
    expect(check.ok).toBe(false);
  });

  it("counts data toward the limit", () => {
    const check = checkPushPayload({ title: "T", body: "", data: { blob: "x".repeat(4096) } });
    expect(check.ok).toBe(false);
  });

  it("accepts a lower limit", () => {
    const check = checkPushPayload({ title: "T", body: "a".repeat(100) }, 100);
    expect(check.limit).toBe(100);
    expect(check.ok).toBe(false);
  });
});
