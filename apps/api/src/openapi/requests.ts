import * as v from "valibot";

/**
 * A JSON merge patch (RFC 7396). The core verb merges it over the stored resource and then
 * validates the result with the resource's create schema, so no patch schema of its own exists.
 */
export const mergePatchSchema = v.pipe(
  v.record(v.string(), v.unknown()),
  v.description("A JSON merge patch: the fields to change, with null removing an optional field."),
);
