import { contentParts } from "./content-parts.ts";
import type { CampaignVersion } from "./model.ts";
import type { Channel } from "./sending.ts";
import { TemplateSyntaxError, extractVariables } from "./variables.ts";

const SAMPLE_USER: Record<string, string> = {
  email: "jane@example.com",
  phone: "+15555550100",
};

function setPath(target: Record<string, unknown>, path: string[], value: string) {
  let node = target;
  for (const [index, key] of path.entries()) {
    if (index === path.length - 1) {
      node[key] ??= value;
      return;
    }
    const next = node[key];
    if (typeof next !== "object" || next === null) {
      node[key] = {};
    }
    node = node[key] as Record<string, unknown>;
  }
}

function channelData(channel: Channel, userId: string): Record<string, unknown> {
  if (channel === "email") {
    return { emailAddress: userId.includes("@") ? userId : "jane@example.com" };
  }
  if (channel === "sms") {
    return { mobilePhoneNumber: userId.startsWith("+") ? userId : "+15555550100" };
  }
  return { pushInfo: { appID: "com.example.app", platform: "fcm", token: "<device token>" } };
}

/**
 * Lists the variables of a version. Activation stores them; a draft that was never activated
 * has none stored, so they are read from its content, skipping parts that do not parse.
 */
function versionVariables(channel: Channel, version: CampaignVersion): string[] {
  if (version.variables.length > 0) {
    return version.variables;
  }
  const variables = new Set<string>();
  for (const part of contentParts(channel, version.content)) {
    try {
      extractVariables(part.template).forEach((variable) => variables.add(variable));
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) {
        throw error;
      }
    }
  }
  return [...variables].sort();
}

/** Builds a ready trigger body that names every variable the content uses, and its cURL. */
export function sampleRequest(
  campaignId: string,
  channel: Channel,
  version: CampaignVersion,
  baseUrl: string,
): { curl: string; body: Record<string, unknown> } {
  const profile: Record<string, unknown> = {};
  const context: Record<string, unknown> = {};
  for (const variable of versionVariables(channel, version)) {
    const [root, ...rest] = variable.split(".");
    if (rest.length === 0) {
      continue;
    }
    const value = version.defaults[variable] ?? `<${rest.join(".")}>`;
    setPath(root === "profile" ? profile : context, rest, value);
  }
  const userId = SAMPLE_USER[version.namespace] ?? "<user id>";
  const body = {
    requestId: "<unique id of this call>",
    campaignId,
    recipients: [
      {
        type: "aep",
        userId,
        namespace: version.namespace,
        channelData: channelData(channel, userId),
        profile,
        context,
      },
    ],
  };
  const json = JSON.stringify(body, null, 2).replaceAll("'", "'\\''");
  const curl = [
    `curl -X POST '${baseUrl}/ajo/im/executions/unitary'`,
    `  -H 'Authorization: Bearer '"$HERALD_API_KEY"`,
    `  -H 'Content-Type: application/json'`,
    `  -d '${json}'`,
  ].join(" \\\n");
  return { curl, body };
}
