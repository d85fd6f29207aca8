import * as v from "valibot";

export const previewSchema = v.object({
  campaignId: v.string(),
  channel: v.picklist(["email", "sms", "push"]),
  version: v.object({
    id: v.string(),
    number: v.pipe(v.number(), v.integer()),
    state: v.picklist(["draft", "live"]),
  }),
  from: v.optional(
    v.pipe(
      v.object({ address: v.string(), name: v.optional(v.string()) }),
      v.description("The email sender, with the rendered sender name."),
    ),
  ),
  parts: v.pipe(
    v.record(v.string(), v.string()),
    v.description("Each rendered content part by name: subject, html, text, body, title, data.orderId and so on."),
  ),
  warnings: v.array(v.object({ path: v.string(), code: v.string(), message: v.string() })),
  sms: v.optional(
    v.object({
      encoding: v.picklist(["GSM-7", "UCS-2"]),
      segments: v.pipe(v.number(), v.integer()),
      characters: v.pipe(v.number(), v.integer()),
      maxSegments: v.pipe(v.number(), v.integer()),
    }),
  ),
  push: v.optional(
    v.object({ payloadBytes: v.pipe(v.number(), v.integer()), limitBytes: v.pipe(v.number(), v.integer()) }),
  ),
});
