import type { Target } from "./target.ts";

async function post(target: Target, path: string, token: string, body?: unknown) {
  const response = await fetch(`${target.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`POST ${path} failed with ${response.status}: ${text}`);
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/** A sandbox with an outbox email surface, as the benchmark's steps share it. */
export interface Seeded {
  apiKey: string;
  surfaceId: string;
}

export async function seedSandbox(target: Target, name: string): Promise<Seeded> {
  const sandbox = await post(target, "/v1/sandboxes", target.bootstrapToken, { name });
  const apiKey = sandbox.apiKey as string;
  const surface = await post(target, "/v1/surfaces", apiKey, {
    channel: "email",
    name: "Bench mail",
    provider: "outbox",
    fromAddress: "noreply@bench.example.com",
  });
  return { apiKey, surfaceId: surface.id as string };
}

/** Creates and activates one campaign, so each step's messages can be counted on their own. */
export async function liveCampaign(target: Target, seeded: Seeded, title: string): Promise<string> {
  const campaign = await post(target, "/v1/campaigns", seeded.apiKey, {
    channel: "email",
    title,
    surfaceId: seeded.surfaceId,
    createProfiles: true,
    content: {
      subject: "Your code, {{profile.person.name.firstName}}",
      html: "<p>Hi {{profile.person.name.firstName}}, your code is <b>{{context.code}}</b>.</p>",
      text: "Hi {{profile.person.name.firstName}}, your code is {{context.code}}.",
    },
  });
  await post(target, `/v1/campaigns/${campaign.id as string}/activate`, seeded.apiKey);
  return campaign.id as string;
}
