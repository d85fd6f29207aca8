import { issueApiKey } from "./api-keys.ts";
import type { Deps } from "./deps.ts";
import { HeraldError } from "./errors.ts";
import { newId } from "./ids.ts";
import { SCOPES, type Sandbox } from "./model.ts";
import { requiredText } from "./schemas/common.ts";
import { parseInput } from "./validation.ts";
import * as v from "valibot";

export const createSandboxSchema = v.strictObject({
  name: v.pipe(requiredText(64), v.regex(/^[a-z0-9][a-z0-9-]*$/, "must be lowercase letters, digits and hyphens")),
});

/** Creates a sandbox with a first API key holding every scope; the token is returned once. */
export async function createSandbox(
  deps: Deps,
  body: unknown,
): Promise<{ sandbox: Sandbox; apiKey: string; apiKeyId: string }> {
  const input = parseInput(createSandboxSchema, body);
  if ((await deps.store.findSandboxByName(input.name)) !== null) {
    throw new HeraldError("CONFLICT", `sandbox ${input.name} already exists; pick another name`);
  }
  const now = deps.now().toISOString();
  const sandbox: Sandbox = { id: newId("sbx"), name: input.name, createdAt: now };
  const { token, record } = await issueApiKey(sandbox, "default", [...SCOPES], now);
  await deps.store.createSandbox(sandbox, record);
  return { sandbox, apiKey: token, apiKeyId: record.id };
}
