import * as v from "valibot";
import { jsonObject, namespaceCode, requiredText } from "./common.ts";

/** The maximum number of identities of one profile. */
export const MAX_PROFILE_IDENTITIES = 20;

const identitySchema = v.strictObject({
  namespace: namespaceCode,
  value: requiredText(320),
});

const identityList = v.pipe(
  v.array(identitySchema, "must be an array of {namespace, value} identities"),
  v.minLength(1, "must contain at least 1 identity"),
  v.maxLength(MAX_PROFILE_IDENTITIES, `must contain at most ${MAX_PROFILE_IDENTITIES} identities`),
);

const defaultRegion = v.pipe(
  v.string("must be a string"),
  v.regex(/^[A-Za-z]{2}$/, "must be an ISO 3166-1 alpha-2 region such as US"),
);

export const createProfileSchema = v.strictObject({
  identities: identityList,
  attributes: v.optional(jsonObject, {}),
  /** The region phone identities without a leading `+` are read in. */
  defaultRegion: v.optional(defaultRegion),
});

export const updateProfileSchema = v.strictObject({
  /** A JSON merge patch over the stored attributes. */
  attributes: v.optional(jsonObject),
  /** The profile's full new set of identities. */
  identities: v.optional(identityList),
  defaultRegion: v.optional(defaultRegion),
});

/** Query parameters of `GET /v1/profiles`: a lookup by identity, or a page of profiles. */
export const profileQuerySchema = v.strictObject(
  {
    namespace: v.optional(namespaceCode),
    identity: v.optional(requiredText(320)),
    defaultRegion: v.optional(defaultRegion),
    limit: v.optional(
      v.pipe(
        v.string("must be a string"),
        v.regex(/^\d+$/, "must be a whole number from 1 to 200"),
        v.transform(Number),
        v.minValue(1, "must be a whole number from 1 to 200"),
        v.maxValue(200, "must be a whole number from 1 to 200"),
      ),
      "50",
    ),
    cursor: v.optional(v.pipe(v.string("must be a string"), v.minLength(1, "must not be empty"))),
  },
  "is not a parameter of this list; use namespace, identity, defaultRegion, limit, cursor",
);

export type ProfileIdentityInput = v.InferOutput<typeof identitySchema>;
