import { describe, expect, it } from "vitest";
import { HeraldError } from "../errors.ts";
import { parseSurface } from "../surface-input.ts";

const VAPID_PUBLIC_KEY = `B${"A".repeat(86)}`;

const resend = {
  channel: "email",
  name: "Mail",
  provider: "resend",
  fromAddress: "noreply@example.com",
  resend: { apiKeySecret: "RESEND_API_KEY" },
};
const twilio = {
  channel: "sms",
  name: "Codes",
  provider: "twilio",
  sender: "+15555550199",
  twilio: { accountSid: "AC0123456789abcdef0123456789abcdef", authTokenSecret: "TWILIO_AUTH_TOKEN" },
};
const webPush = {
  channel: "push",
  name: "Web",
  provider: "web-push",
  platforms: ["web"],
  webPush: { subject: "mailto:ops@example.com", vapidPublicKey: VAPID_PUBLIC_KEY, vapidPrivateKeySecret: "VAPID_PRIVATE_KEY" },
};
const fcm = {
  channel: "push",
  name: "App",
  provider: "fcm",
  appId: "com.example.app",
  fcm: { projectId: "herald-test", serviceAccountSecret: "FCM_SERVICE_ACCOUNT" },
};

function rejection(body: unknown): HeraldError {
  try {
    parseSurface(body);
  } catch (error) {
    if (error instanceof HeraldError) {
      return error;
    }
    throw error;
  }
  throw new Error("expected the surface to be rejected");
}

describe("provider settings", () => {
  it.each([resend, twilio, webPush, fcm])("accepts a $provider surface", (body) => {
    expect(parseSurface(body).provider).toBe(body.provider);
  });

  it.each([
    [resend, "resend"],
    [twilio, "twilio"],
    [webPush, "webPush"],
    [fcm, "fcm"],
  ])("requires the %s settings", (body, key) => {
    const { [key as keyof typeof body]: _settings, ...rest } = body;
    expect(rejection(rest).details[0]?.path).toBe(key);
  });

  it("rejects a credential in place of a secret name", () => {
    const error = rejection({ ...resend, resend: { apiKeySecret: "re_live_123" } });
    expect(error.details[0]?.path).toBe("resend.apiKeySecret");
  });

  it("rejects an unknown settings field", () => {
    const error = rejection({ ...resend, resend: { apiKeySecret: "RESEND_API_KEY", apiKey: "re_live_123" } });
    expect(error.details[0]?.path).toBe("resend.apiKey");
  });

  it("accepts http on loopback for a base URL", () => {
    const surface = parseSurface({ ...resend, resend: { ...resend.resend, baseUrl: "http://127.0.0.1:8025" } });
    expect((surface.settings.resend as { baseUrl: string }).baseUrl).toBe("http://127.0.0.1:8025");
  });

  it("rejects http on another host for a base URL", () => {
    const error = rejection({ ...twilio, twilio: { ...twilio.twilio, baseUrl: "http://api.twilio.com" } });
    expect(error.details[0]?.message).toContain("must use https");
  });

  it("rejects an account SID of the wrong form", () => {
    const error = rejection({ ...twilio, twilio: { ...twilio.twilio, accountSid: "AC123" } });
    expect(error.details[0]?.path).toBe("twilio.accountSid");
  });

  it("rejects a VAPID subject that is not mailto or https", () => {
    const error = rejection({ ...webPush, webPush: { ...webPush.webPush, subject: "ops@example.com" } });
    expect(error.details[0]?.path).toBe("webPush.subject");
  });

  it("rejects a Web Push provider on an SMS surface", () => {
    const error = rejection({ ...twilio, provider: "web-push" });
    expect(error.details[0]?.path).toBe("provider");
  });
});
