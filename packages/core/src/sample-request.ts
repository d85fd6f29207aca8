import type { CampaignVersion, Surface } from "./model.ts";
import { sampleView } from "./sample-view.ts";
import type { Channel } from "./sending.ts";

/** A sample `userId` per namespace; a placeholder where no example would be a valid id. */
const SAMPLE_USER: Record<string, string> = {
  email: "jane@example.com",
  phone: "+15555550100",
  ecid: "<ECID of 38 digits>",
};

function channelData(channel: Channel, userId: string, surface: Surface | null): Record<string, unknown> {
  if (channel === "email") {
    return { emailAddress: userId.includes("@") ? userId : "jane@example.com" };
  }
  if (channel === "sms") {
    return { mobilePhoneNumber: userId.startsWith("+") ? userId : "+15555550100" };
  }
  const appId = typeof surface?.settings.appId === "string" ? surface.settings.appId : "<app id>";
  return { pushInfo: { appID: appId, platform: "fcm", token: "<device token>" } };
}

/** Quotes text for a POSIX shell inside single quotes. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * Builds a ready trigger body for a campaign version, with a placeholder for every
 * `{{profile.…}}` and `{{context.…}}` its content uses, and the cURL command that sends it to
 * `baseUrl`. Placeholders look like `<person.name.firstName>` and must be replaced before sending.
 */
export function sampleRequest(
  campaignId: string,
  channel: Channel,
  version: CampaignVersion,
  baseUrl: string,
  surface: Surface | null = null,
): { curl: string; body: Record<string, unknown> } {
  const { profile, context } = sampleView(channel, version.content);
  const userId = SAMPLE_USER[version.namespace] ?? "<user id>";
  const body = {
    requestId: "<unique id of this call>",
    campaignId,
    recipients: [
      {
        type: "aep",
        userId,
        namespace: version.namespace,
        channelData: channelData(channel, userId, surface),
        profile,
        context,
      },
    ],
  };
  const curl = [
    `curl -X POST ${shellQuote(`${baseUrl}/ajo/im/executions/unitary`)}`,
    `  -H 'Authorization: Bearer '"$HERALD_API_KEY"`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(body, null, 2))}`,
  ].join(" \\\n");
  return { curl, body };
}
