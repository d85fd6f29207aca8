import { HeraldError } from "./errors.ts";
import { isSupportedRegion, normalizeEmail, normalizePhone } from "./identity.ts";
import type { Surface } from "./model.ts";
import { PROVIDER_SETTINGS_KEY } from "./schemas/provider-settings.ts";
import { type CreateSurfaceInput, type SmtpSettings, createSurfaceSchema } from "./schemas/surface.ts";
import { parseInput } from "./validation.ts";

/** A GSM alphanumeric sender id: 1 to 11 letters, digits or spaces, with at least one letter. */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/** The validated parts of a surface, before ids and timestamps are added. */
export type SurfaceFields = Pick<Surface, "channel" | "name" | "provider" | "settings">;

function invalid(path: string, message: string): HeraldError {
  return new HeraldError("VALIDATION_FAILED", `${path}: ${message}`, { details: [{ path, message }] });
}

function checkAddress(path: string, value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    return normalizeEmail(value);
  } catch (error) {
    throw invalid(path, (error as Error).message);
  }
}

function checkSender(sender: string): string {
  if (sender.startsWith("+")) {
    try {
      return normalizePhone(sender);
    } catch (error) {
      throw invalid("sender", (error as Error).message);
    }
  }
  if (!ALPHANUMERIC_SENDER.test(sender)) {
    throw invalid(
      "sender",
      "must be an E.164 number such as +15555550100 or an alphanumeric sender id of 1 to 11 letters, digits or spaces with at least one letter",
    );
  }
  return sender;
}

/** Rejects a surface whose provider needs a settings object the body does not have. */
function checkProviderSettings(input: CreateSurfaceInput): void {
  const key = PROVIDER_SETTINGS_KEY[input.provider];
  if (key !== undefined && (input as Record<string, unknown>)[key] === undefined) {
    throw invalid(key, `is required when provider is ${input.provider}`);
  }
}

function checkSmtpAuth(smtp: SmtpSettings | undefined) {
  if (smtp === undefined) {
    return;
  }
  if ((smtp.username === undefined) !== (smtp.passwordSecret === undefined)) {
    throw invalid("smtp.passwordSecret", "set username and passwordSecret together, or neither");
  }
  if (smtp.username !== undefined && smtp.security === "none" && smtp.allowInsecureAuth !== true) {
    throw invalid(
      "smtp.security",
      "is none, which would send the password in clear text; use starttls or tls, or set allowInsecureAuth to true for a trusted relay",
    );
  }
}

function settingsOf(input: CreateSurfaceInput): Record<string, unknown> {
  const { channel: _channel, name: _name, provider: _provider, ...settings } = input;
  checkProviderSettings(input);
  switch (input.channel) {
    case "email":
      checkSmtpAuth(input.smtp);
      return {
        ...settings,
        fromAddress: checkAddress("fromAddress", input.fromAddress),
        replyToAddress: checkAddress("replyToAddress", input.replyToAddress),
      };
    case "sms":
      if (input.defaultRegion !== undefined && !isSupportedRegion(input.defaultRegion)) {
        throw invalid("defaultRegion", `${input.defaultRegion} is not a supported region; use a code such as US`);
      }
      return { ...settings, sender: checkSender(input.sender) };
    case "push":
      if (input.appId === undefined && input.platforms.some((platform) => platform !== "web")) {
        throw invalid("appId", "is required for android and ios; set it or list only the web platform");
      }
      return settings;
  }
}

/** Validates a surface body of any channel, normalizing addresses and the SMS sender. */
export function parseSurface(body: unknown): SurfaceFields {
  const input = parseInput(createSurfaceSchema, body);
  return {
    channel: input.channel,
    name: input.name,
    provider: input.provider,
    settings: withoutUndefined(settingsOf(input)),
  };
}

function withoutUndefined(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

/** Rebuilds the flat body a surface was created from, so a patch can be validated as a whole. */
export function surfaceBody(surface: Surface): Record<string, unknown> {
  return { channel: surface.channel, name: surface.name, provider: surface.provider, ...surface.settings };
}
