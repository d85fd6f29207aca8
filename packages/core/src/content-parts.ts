import type { CampaignContent, EmailContent, PushContent, SmsContent } from "./schemas/campaign.ts";
import type { Channel } from "./sending.ts";

/** One template inside a campaign's content, with the escaping its part needs. */
export interface ContentPart {
  path: string;
  template: string;
  escape: "html" | "none";
}

function part(path: string, template: string | undefined, escape: "html" | "none" = "none") {
  return template === undefined ? [] : [{ path, template, escape }];
}

/** Lists the templates of a campaign's content; only an HTML body is HTML-escaped. */
export function contentParts(channel: Channel, content: CampaignContent): ContentPart[] {
  switch (channel) {
    case "email": {
      const email = content as EmailContent;
      return [
        ...part("content.subject", email.subject),
        ...part("content.preheader", email.preheader),
        ...part("content.fromName", email.fromName),
        ...part("content.html", email.html, "html"),
        ...part("content.text", email.text),
      ];
    }
    case "sms":
      return part("content.body", (content as SmsContent).body);
    case "push": {
      const push = content as PushContent;
      const data = Object.entries(push.data ?? {}).flatMap(([key, value]) =>
        part(`content.data.${key}`, value),
      );
      return [
        ...part("content.title", push.title),
        ...part("content.body", push.body),
        ...part("content.imageUrl", push.imageUrl),
        ...part("content.deepLink", push.deepLink),
        ...data,
      ];
    }
  }
}

/** A content part a campaign cannot go live without, with the sentence review shows. */
export interface MissingPart {
  path: string;
  message: string;
}

/** Lists the content a campaign of each channel cannot go live without. */
export function requiredParts(channel: Channel, content: CampaignContent): MissingPart[] {
  const missing: MissingPart[] = [];
  const has = (value: string | undefined) => value !== undefined && value.trim() !== "";
  if (channel === "email") {
    const email = content as EmailContent;
    if (!has(email.subject)) {
      missing.push({ path: "content.subject", message: "content.subject is required for email campaigns" });
    }
    if (!has(email.html) && !has(email.text)) {
      missing.push({ path: "content.html", message: "content.html or content.text is required for email campaigns" });
    }
  } else if (channel === "sms") {
    if (!has((content as SmsContent).body)) {
      missing.push({ path: "content.body", message: "content.body is required for SMS campaigns" });
    }
  } else {
    const push = content as PushContent;
    if (!has(push.title) && !has(push.body)) {
      missing.push({ path: "content.body", message: "content.title or content.body is required for push campaigns" });
    }
  }
  return missing;
}
