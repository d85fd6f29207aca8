import * as v from "valibot";
import { SCOPES } from "../model.ts";
import { requiredText } from "./common.ts";

const boundedInteger = (min: number, max: number) =>
  v.pipe(
    v.number("must be a number"),
    v.integer("must be an integer"),
    v.minValue(min, `must be between ${min} and ${max}`),
    v.maxValue(max, `must be between ${min} and ${max}`),
  );

export const rateLimitSchema = v.strictObject({
  limit: boundedInteger(1, 1_000_000),
  windowSeconds: boundedInteger(1, 86_400),
});

export const createApiKeySchema = v.strictObject({
  name: requiredText(100),
  scopes: v.pipe(
    v.array(v.picklist(SCOPES, `must be one of ${SCOPES.join(", ")}`), "must be an array of scopes"),
    v.minLength(1, "must contain at least 1 scope"),
    v.check((scopes) => new Set(scopes).size === scopes.length, "must not repeat a scope"),
  ),
  rateLimit: v.optional(rateLimitSchema),
});

export type CreateApiKeyInput = v.InferOutput<typeof createApiKeySchema>;
