import type { FieldSpec, FieldValue } from "./spec-form.ts";
import { nest } from "./field-values.ts";
import type { CampaignVersion, Channel } from "./types.ts";

const CONTENT_FIELDS: Record<Channel, FieldSpec[]> = {
  email: [
    { path: "content.subject", label: "Subject" },
    { path: "content.preheader", label: "Preheader", hint: "The preview text inboxes show after the subject." },
    { path: "content.fromName", label: "From name", hint: "Overrides the surface's from name for this campaign." },
    { path: "content.html", label: "HTML body", kind: "textarea", rows: 8, hint: "Values are HTML-escaped; {{{triple braces}}} insert them as they are." },
    { path: "content.text", label: "Text body", kind: "textarea", rows: 5 },
  ],
  sms: [{ path: "content.body", label: "Message", kind: "textarea", rows: 5 }],
  push: [
    { path: "content.title", label: "Title" },
    { path: "content.body", label: "Body", kind: "textarea", rows: 4 },
    { path: "content.imageUrl", label: "Image URL" },
    { path: "content.deepLink", label: "Deep link" },
    { path: "content.data", label: "Custom data (JSON)", kind: "json", rows: 3, hint: "An object of strings sent to the app, such as {\"orderId\": \"{{context.orderId}}\"}." },
  ],
};

/** Lists the editor's fields for a campaign of one channel, named by the API paths they edit. */
export function campaignFields(channel: Channel, surfaceIds: string[]): FieldSpec[] {
  return [
    { path: "title", label: "Title", required: true },
    { path: "description", label: "Description", kind: "textarea", rows: 2 },
    { path: "surfaceId", label: "Surface", kind: "select", options: surfaceIds, required: true },
    { path: "namespace", label: "Audience namespace", suggestions: ["email", "phone", "ecid"], hint: "How triggers identify recipients. Blank uses the channel's usual one." },
    { path: "createProfiles", label: "Create new profiles", kind: "checkbox", hint: "A trigger for an unknown recipient creates a profile instead of failing." },
    ...CONTENT_FIELDS[channel],
    { path: "defaults", label: "Default values (JSON)", kind: "json", rows: 3, hint: "Used when a send lacks a variable, such as {\"profile.firstName\": \"there\"}." },
    { path: "startAt", label: "Start", kind: "datetime", hint: "In your time zone. Blank starts at activation." },
    { path: "endAt", label: "End", kind: "datetime", hint: "Blank never ends." },
  ];
}

/** The field values of a stored version. */
export function versionValues(version: CampaignVersion): Record<string, FieldValue | null> {
  const values: Record<string, FieldValue | null> = {
    title: version.title,
    description: version.description,
    surfaceId: version.surfaceId,
    namespace: version.namespace,
    createProfiles: version.createProfiles,
    defaults: Object.keys(version.defaults).length > 0 ? version.defaults : undefined,
    startAt: version.startAt,
    endAt: version.endAt,
  };
  for (const [key, value] of Object.entries(version.content)) {
    values[`content.${key}`] = value as FieldValue;
  }
  return values;
}

/** Builds the merge patch member that turns `before` into `after`, with `null` for each removed key. */
function objectPatch(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = { ...after };
  for (const key of Object.keys(before)) {
    if (!(key in after)) {
      patch[key] = null;
    }
  }
  return patch;
}

/** Builds a create body, or a JSON merge patch against `version` when one is given. */
export function campaignBody(
  channel: Channel,
  values: Record<string, FieldValue>,
  version: CampaignVersion | null,
): Record<string, unknown> {
  const body = nest(values);
  const content = (body.content ?? {}) as Record<string, unknown>;
  const defaults = (body.defaults ?? {}) as Record<string, unknown>;
  if (version === null) {
    return { channel, ...body, content, defaults };
  }
  // A blank required field is sent as "", so the API rejects it beside the field instead of
  // the merge patch silently keeping the stored value.
  const patch: Record<string, unknown> = { title: "", surfaceId: "", ...body };
  for (const optional of ["description", "namespace", "startAt", "endAt"]) {
    patch[optional] = body[optional] ?? null;
  }
  const storedContent = version.content;
  const contentPatch = objectPatch(storedContent, content);
  if (content.data && typeof storedContent.data === "object" && storedContent.data !== null) {
    contentPatch.data = objectPatch(storedContent.data as Record<string, unknown>, content.data as Record<string, unknown>);
  }
  patch.content = contentPatch;
  patch.defaults = objectPatch(version.defaults, defaults);
  return patch;
}
