import type { FieldSpec } from "./spec-form.ts";
import type { Channel, Surface } from "./types.ts";

/** The settings each channel's surface takes, as `POST /v1/surfaces` names them. */
export const SURFACE_FIELDS: Record<Channel, FieldSpec[]> = {
  email: [
    { path: "name", label: "Name", required: true },
    { path: "provider", label: "Provider", kind: "select", options: ["outbox", "smtp"], hint: "outbox stores each rendered message instead of sending it." },
    { path: "fromAddress", label: "From address", kind: "email", required: true },
    { path: "fromName", label: "From name" },
    { path: "replyToAddress", label: "Reply-to address", kind: "email" },
    { path: "replyToName", label: "Reply-to name" },
    { path: "smtp.host", label: "SMTP host" },
    { path: "smtp.port", label: "SMTP port", kind: "number" },
    { path: "smtp.security", label: "SMTP security", kind: "select", options: ["starttls", "tls", "none"] },
    { path: "smtp.username", label: "SMTP username" },
    { path: "smtp.passwordSecret", label: "SMTP password secret", hint: "The name of the Worker secret holding the password, such as SMTP_PASSWORD." },
  ],
  sms: [
    { path: "name", label: "Name", required: true },
    { path: "provider", label: "Provider", kind: "select", options: ["outbox"] },
    { path: "sender", label: "Sender", required: true, hint: "An E.164 number such as +15555550100, or an alphanumeric sender id of up to 11 characters." },
    { path: "defaultRegion", label: "Default region", hint: "Region for numbers without a leading +, such as US." },
    { path: "maxSegments", label: "Maximum segments per message", kind: "number", hint: "1 to 20; 10 when blank." },
  ],
  push: [
    { path: "name", label: "Name", required: true },
    { path: "provider", label: "Provider", kind: "select", options: ["outbox"] },
    { path: "appId", label: "App id", hint: "Such as com.example.app; needed unless the only platform is web." },
    { path: "platforms", label: "Platforms", kind: "choices", options: ["web", "android", "ios"] },
  ],
};

/** Flattens a stored surface into field values: `settings.smtp.host` becomes `smtp.host`. */
export function surfaceValues(surface: Surface): Record<string, unknown> {
  const values: Record<string, unknown> = { name: surface.name, provider: surface.provider };
  for (const [key, value] of Object.entries(surface.settings)) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        values[`${key}.${inner}`] = innerValue;
      }
    } else {
      values[key] = value;
    }
  }
  return values;
}

/** Summarizes a surface's sender in a few words, for lists. */
export function senderSummary(surface: Surface): string {
  const settings = surface.settings;
  if (surface.channel === "email") {
    const name = typeof settings.fromName === "string" ? `${settings.fromName} ` : "";
    return `${name}<${String(settings.fromAddress ?? "")}>`;
  }
  if (surface.channel === "sms") {
    return String(settings.sender ?? "");
  }
  const platforms = Array.isArray(settings.platforms) ? settings.platforms.join(", ") : "";
  return [settings.appId, platforms].filter(Boolean).join(" · ");
}
