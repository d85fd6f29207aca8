import * as v from "valibot";

const instant = v.pipe(v.string(), v.metadata({ format: "date-time" }));

export const profileSchema = v.object({
  id: v.string(),
  identities: v.pipe(
    v.array(v.object({ namespace: v.string(), value: v.string() })),
    v.description("Each identity in its normalized form: emails lowercased, phones in E.164."),
  ),
  attributes: v.record(v.string(), v.unknown()),
  createdBy: v.pipe(
    v.picklist(["api", "interactive-messaging"]),
    v.description("api for profiles created here, interactive-messaging for profiles a trigger created."),
  ),
  createdAt: instant,
  updatedAt: instant,
});

export const profileListSchema = v.object({
  items: v.array(profileSchema),
  nextCursor: v.pipe(v.nullable(v.string()), v.description("Pass as cursor to read the next page; null on the last.")),
});
