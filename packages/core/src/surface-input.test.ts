import { describe, expect, it } from "vitest";
import { HeraldError } from "./errors.ts";
import { parseSurface } from "./surface-input.ts";

const email = { channel: "email", name: "Mail", provider: "outbox", fromAddress: "noreply@example.com" };
const sms = { channel: "sms", name: "Codes", provider: "outbox", sender: "+15555550199" };
const push = { channel: "push", name: "App", provider: "outbox", appId: "com.example.app" };

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

function rejectedPath(body: unknown): string | undefined {
  return rejection(body).details[0]?.path;
}

describe("parseSurface email", () => {
  it("normalizes the from address", () => {
    const surface = parseSurface({ ...email, fromAddress: " NoReply@Example.COM " });
    expect(surface.settings.fromAddress).toBe("NoReply@example.com");
  });

  it("keeps from name and reply-to", () => {
    const surface = parseSurface({
      ...email,
      fromName: "Doe, Sam",
      replyToAddress: "help@example.com",
      replyToName: "Help desk",
    });
    expect(surface.settings).toEqual({
      fromAddress: "noreply@example.com",
      fromName: "Doe, Sam",
      replyToAddress: "help@example.com",
      replyToName: "Help desk",
    });
  });

  it("stores no undefined settings", () => {
    expect(Object.keys(parseSurface(email).settings)).toEqual(["fromAddress"]);
  });

  it("requires a from address", () => {
    expect(rejectedPath({ ...email, fromAddress: undefined })).toBe("fromAddress");
  });

  it("rejects CR/LF in the from address", () => {
    expect(rejectedPath({ ...email, fromAddress: "user@example.com\r\nX-Injected: yes" })).toBe("fromAddress");
  });

  it("rejects CR/LF in the reply-to address", () => {
    expect(rejectedPath({ ...email, replyToAddress: "user@example.com\r\nX-Injected: yes" })).toBe(
      "replyToAddress",
    );
  });

  it("rejects CR/LF in the from name", () => {
    expect(rejectedPath({ ...email, fromName: "Sam\r\nBcc: attacker@example.net" })).toBe("fromName");
  });

  it("rejects a reply-to without a domain", () => {
    expect(rejectedPath({ ...email, replyToAddress: "help" })).toBe("replyToAddress");
  });

  it("requires smtp settings for the smtp provider", () => {
    expect(rejectedPath({ ...email, provider: "smtp" })).toBe("smtp");
  });

  it("rejects an unknown field", () => {
    expect(rejectedPath({ ...email, fromEmail: "a@example.com" })).toBe("fromEmail");
  });
});

describe("parseSurface sms", () => {
  it("accepts an E.164 sender", () => {
    expect(parseSurface(sms).settings.sender).toBe("+15555550199");
  });

  it("normalizes a formatted international sender", () => {
    expect(parseSurface({ ...sms, sender: "+1 (555) 555-0199" }).settings.sender).toBe("+15555550199");
  });

  it("accepts an alphanumeric sender", () => {
    expect(parseSurface({ ...sms, sender: "Herald 2FA" }).settings.sender).toBe("Herald 2FA");
  });

  it("rejects an alphanumeric sender over 11 characters", () => {
    expect(rejectedPath({ ...sms, sender: "HeraldAlerts" })).toBe("sender");
  });

  it("rejects a digits-only sender without a plus", () => {
    expect(rejectedPath({ ...sms, sender: "5555550199" })).toBe("sender");
  });

  it("rejects an impossible E.164 sender", () => {
    expect(rejectedPath({ ...sms, sender: "+1555" })).toBe("sender");
  });

  it("rejects punctuation in an alphanumeric sender", () => {
    expect(rejectedPath({ ...sms, sender: "Her@ld" })).toBe("sender");
  });

  it("keeps max segments", () => {
    expect(parseSurface({ ...sms, maxSegments: 3 }).settings.maxSegments).toBe(3);
  });

  it("rejects zero max segments", () => {
    expect(rejectedPath({ ...sms, maxSegments: 0 })).toBe("maxSegments");
  });

  it("rejects fractional max segments", () => {
    expect(rejectedPath({ ...sms, maxSegments: 1.5 })).toBe("maxSegments");
  });

  it("rejects max segments as a string", () => {
    expect(rejectedPath({ ...sms, maxSegments: "3" })).toBe("maxSegments");
  });

  it("rejects an unsupported default region", () => {
    expect(rejectedPath({ ...sms, defaultRegion: "ZZ" })).toBe("defaultRegion");
  });
});

describe("parseSurface push", () => {
  it("defaults to every platform", () => {
    expect(parseSurface(push).settings.platforms).toEqual(["web", "android", "ios"]);
  });

  it("keeps listed platforms", () => {
    expect(parseSurface({ ...push, platforms: ["ios"] }).settings.platforms).toEqual(["ios"]);
  });

  it("allows web only without an app id", () => {
    expect(parseSurface({ channel: "push", name: "Web", provider: "outbox", platforms: ["web"] }).settings).toEqual({
      platforms: ["web"],
    });
  });

  it("requires an app id for native platforms", () => {
    expect(rejectedPath({ channel: "push", name: "App", provider: "outbox", platforms: ["android"] })).toBe("appId");
  });

  it("rejects an unknown platform", () => {
    expect(rejectedPath({ ...push, platforms: ["windows"] })).toBe("platforms[0]");
  });

  it("rejects an empty platform list", () => {
    expect(rejectedPath({ ...push, platforms: [] })).toBe("platforms");
  });

  it("rejects a repeated platform", () => {
    expect(rejectedPath({ ...push, platforms: ["ios", "ios"] })).toBe("platforms");
  });

  it("rejects spaces in the app id", () => {
    expect(rejectedPath({ ...push, appId: "com example" })).toBe("appId");
  });
});

describe("parseSurface channel", () => {
  it("rejects an unknown channel", () => {
    expect(rejection({ ...email, channel: "fax" }).code).toBe("VALIDATION_FAILED");
  });

  it("rejects a body that is not an object", () => {
    expect(rejection("email").code).toBe("VALIDATION_FAILED");
  });
});
