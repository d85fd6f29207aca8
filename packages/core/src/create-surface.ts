import type { Deps } from "./deps.ts";
import { HeraldError } from "./errors.ts";
import { newId } from "./ids.ts";
import { normalizeEmail } from "./identity.ts";
import type { Surface } from "./model.ts";
import { type CreateSurfaceInput, createSurfaceSchema } from "./schemas/surface.ts";
import { parseInput } from "./validation.ts";

const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

function checkAddress(field: string, value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    return normalizeEmail(value);
  } catch (error) {
    throw new HeraldError("VALIDATION_FAILED", `${field}: ${(error as Error).message}`, {
      details: [{ path: field, message: (error as Error).message }],
    });
  }
}

function settingsOf(input: CreateSurfaceInput): Record<string, unknown> {
  const { channel: _channel, name: _name, provider: _provider, ...settings } = input;
  if (input.channel === "email") {
    if (input.provider === "smtp" && input.smtp === undefined) {
      throw new HeraldError("VALIDATION_FAILED", "smtp: is required when provider is smtp", {
        details: [{ path: "smtp", message: "is required when provider is smtp" }],
      });
    }
    return {
      ...settings,
      fromAddress: checkAddress("fromAddress", input.fromAddress),
      replyToAddress: checkAddress("replyToAddress", input.replyToAddress),
    };
  }
  if (input.channel === "sms" && !E164.test(input.sender) && !ALPHANUMERIC_SENDER.test(input.sender)) {
    const message = "must be an E.164 number such as +15555550100 or an alphanumeric sender id of 1-11 characters";
    throw new HeraldError("VALIDATION_FAILED", `sender: ${message}`, {
      details: [{ path: "sender", message }],
    });
  }
  return settings;
}

/** Validates and stores a channel surface: the sender settings of one channel. */
export async function createSurface(deps: Deps, sandboxId: string, body: unknown): Promise<Surface> {
  const input = parseInput(createSurfaceSchema, body);
  const now = deps.now().toISOString();
  const surface: Surface = {
    id: newId("srf"),
    sandboxId,
    channel: input.channel,
    name: input.name,
    provider: input.provider,
    settings: settingsOf(input),
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.createSurface(surface);
  return surface;
}
