import * as v from "valibot";
import { jsonObject } from "./common.ts";

export const previewRequestSchema = v.strictObject({
  profile: v.optional(jsonObject, {}),
  context: v.optional(jsonObject, {}),
  /** The version to render. Without it, the draft when the campaign has one, else the live version. */
  version: v.optional(v.picklist(["draft", "live"], "must be draft or live")),
});
