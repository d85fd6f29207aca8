import { env } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, createOk, newSandbox, triggerBody } from "../test/helpers.ts";
import { captureConsole, deliverOne, liveCampaignOn, peerReceived, planPeer } from "../test/providers.ts";

interface Subscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

interface ReceivedPush {
  endpoint: string;
  ttl: number;
  payload: string;
}

interface FcmMessage {
  token: string;
  notification: { title?: string; body?: string };
  data: Record<string, string> | null;
}

const run = Date.now().toString(36);
const logs = captureConsole();
const pushCampaign = {
  channel: "push",
  title: "Order updates",
  content: { title: "Order {{context.orderId}}", body: "{{context.text}}", data: { orderId: "{{context.orderId}}" } },
};

function context(orderId: string) {
  return { orderId, text: `Parcel ${orderId} has shipped` };
}

async function subscribe(): Promise<Subscription> {
  const response = await fetch(`${env.PUSH_SERVICE_URL}/_peer/subscriptions`, {
    method: "POST",
    body: JSON.stringify({ applicationServerKey: env.VAPID_PUBLIC_KEY }),
  });
  return response.json();
}

function webRecipient(subscription: Subscription, orderId: string) {
  return { type: "external", userId: `web-${orderId}`, channelData: { pushSubscription: subscription }, context: context(orderId) };
}

function fcmRecipient(token: string, orderId: string) {
  return { type: "external", userId: `app-${orderId}`, channelData: { pushInfo: { token, platform: "android" } }, context: context(orderId) };
}

let web: { key: string; campaignId: string };
let fcm: { key: string; campaignId: string };

beforeAll(async () => {
  web = await liveCampaignOn(
    {
      channel: "push",
      name: "Browsers",
      provider: "web-push",
      platforms: ["web"],
      webPush: {
        subject: "mailto:ops@example.com",
        vapidPublicKey: env.VAPID_PUBLIC_KEY,
        vapidPrivateKeySecret: "VAPID_TEST_PRIVATE_KEY",
        ttlSeconds: 3_600,
        allowInsecureEndpoints: true,
      },
    },
    pushCampaign,
  );
  fcm = await liveCampaignOn(
    {
      channel: "push",
      name: "Android",
      provider: "fcm",
      appId: "com.example.shop",
      fcm: { serviceAccountSecret: "FCM_TEST_SERVICE_ACCOUNT", baseUrl: env.FCM_URL },
    },
    pushCampaign,
  );
});

afterAll(() => logs.stop());

/** An FCM v1 error response with an FcmError detail. */
function fcmError(code: number, status: string, message: string, errorCode: string) {
  const detail = { "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode };
  return { status: code, body: { error: { code, message, status, details: [detail] } } };
}

async function pushesTo(endpoint: string): Promise<ReceivedPush[]> {
  return (await peerReceived<ReceivedPush>(env.PUSH_SERVICE_URL)).filter((push) => push.endpoint === endpoint);
}

async function fcmTo(token: string): Promise<FcmMessage[]> {
  return (await peerReceived<FcmMessage>(env.FCM_URL)).filter((message) => message.token === token);
}

describe("Web Push delivery", () => {
  it("delivers a payload the subscription decrypts", async () => {
    const subscription = await subscribe();

    const message = await deliverOne(web.key, web.campaignId, webRecipient(subscription, `A-${run}`));

    const [push] = await pushesTo(subscription.endpoint);
    expect(message.status, JSON.stringify(message)).toBe("sent");
    expect(message.providerMessageId).toMatch(/\/messages\//);
    expect(push?.ttl).toBe(3_600);
    expect(JSON.parse(push?.payload ?? "{}")).toEqual({
      notification: { title: `Order A-${run}`, body: `Parcel A-${run} has shipped` },
      data: { orderId: `A-${run}` },
    });
  });

  it("fails on 410 and skips the subscription later", async () => {
    const subscription = await subscribe();
    await planPeer(env.PUSH_SERVICE_URL, subscription.endpoint, [{ status: 410, body: "subscription expired" }]);

    const gone = await deliverOne(web.key, web.campaignId, webRecipient(subscription, `B-${run}`));
    const later = await deliverOne(web.key, web.campaignId, webRecipient(subscription, `C-${run}`));

    expect(gone.status).toBe("failed");
    expect(gone.reason).toBe("push subscription is gone: the push service answered 410: subscription expired");
    expect(gone.attempts).toBe(1);
    expect(later.status).toBe("skipped");
    expect(later.reason).toMatch(/^skipped: the push subscription was marked gone at \S+ \(push subscription is gone/);
    expect(await pushesTo(subscription.endpoint)).toHaveLength(0);
  });

  it("retries a 429 and then sends", async () => {
    const subscription = await subscribe();
    await planPeer(env.PUSH_SERVICE_URL, subscription.endpoint, [{ status: 429, headers: { "retry-after": "1" } }]);

    const message = await deliverOne(web.key, web.campaignId, webRecipient(subscription, `D-${run}`));

    expect(message.status, JSON.stringify(message)).toBe("sent");
    expect(message.attempts).toBe(2);
    expect(await pushesTo(subscription.endpoint)).toHaveLength(1);
  });

  it("rejects a device token on a Web Push surface", async () => {
    const recipient = fcmRecipient(`token-web-${run}`, `J-${run}`);

    const result = await api("/ajo/im/executions/unitary", { key: web.key, body: triggerBody(web.campaignId, [recipient]) });

    expect(result.status, JSON.stringify(result.body)).toBe(422);
    expect(result.body.error.details[0].path).toBe("recipients[0].channelData.pushInfo");
  });

  it("rejects a rendered payload over 4,096 bytes", async () => {
    const subscription = await subscribe();
    const recipient = { ...webRecipient(subscription, `E-${run}`), context: { orderId: "E", text: "a".repeat(5_000) } };

    const result = await api("/ajo/im/executions/unitary", { key: web.key, body: triggerBody(web.campaignId, [recipient]) });

    expect(result.status, JSON.stringify(result.body)).toBe(422);
    expect(result.body.error.details[0].code).toBe("CONTENT_TOO_LARGE");
    expect(result.body.error.details[0].message).toMatch(/^push payload is 5\d{3} bytes, over the 4096-byte limit/);
  });

  it("rejects a 5,000-character body at activation", async () => {
    const key = await newSandbox();
    const surface = await createOk(key, "/v1/surfaces", { channel: "push", name: "Outbox", provider: "outbox", platforms: ["web"] });
    const campaign = await createOk(key, "/v1/campaigns", {
      channel: "push",
      title: "Too long",
      surfaceId: surface.id,
      content: { title: "Hi", body: "a".repeat(5_000) },
    });

    const result = await api(`/v1/campaigns/${campaign.id}/activate`, { key, method: "POST" });

    expect(result.status, JSON.stringify(result.body)).toBe(422);
    expect(result.body.error.details.map((problem: { code: string }) => problem.code)).toContain("PUSH_PAYLOAD_TOO_LARGE");
  });
});

describe("FCM delivery", () => {
  it("delivers the notification to the device token", async () => {
    const token = `token-sent-${run}`;

    const message = await deliverOne(fcm.key, fcm.campaignId, fcmRecipient(token, `F-${run}`));

    const [received] = await fcmTo(token);
    expect(message.status, JSON.stringify(message)).toBe("sent");
    expect(message.providerMessageId).toMatch(/^projects\/herald-test\/messages\//);
    expect(received?.notification).toEqual({ title: `Order F-${run}`, body: `Parcel F-${run} has shipped` });
    expect(received?.data).toEqual({ orderId: `F-${run}` });
  });

  it("fails on UNREGISTERED and skips the token later", async () => {
    const token = `token-gone-${run}`;
    await planPeer(env.FCM_URL, token, [fcmError(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED")]);

    const gone = await deliverOne(fcm.key, fcm.campaignId, fcmRecipient(token, `G-${run}`));
    const later = await deliverOne(fcm.key, fcm.campaignId, fcmRecipient(token, `H-${run}`));

    expect(gone.status).toBe("failed");
    expect(gone.reason).toBe("device token is gone: FCM 404 UNREGISTERED: Requested entity was not found.");
    expect(later.status).toBe("skipped");
    expect(later.reason).toContain("the device token was marked gone");
    expect(await fcmTo(token)).toHaveLength(0);
  });

  it("retries UNAVAILABLE and then sends", async () => {
    const token = `token-retry-${run}`;
    await planPeer(env.FCM_URL, token, [fcmError(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE")]);

    const message = await deliverOne(fcm.key, fcm.campaignId, fcmRecipient(token, `I-${run}`));

    expect(message.status, JSON.stringify(message)).toBe("sent");
    expect(message.attempts).toBe(2);
  });
});

describe("push logs", () => {
  it("log no key, token or message body", () => {
    const text = logs.lines.join("\n");
    const serviceAccount = JSON.parse(env.FCM_TEST_SERVICE_ACCOUNT as string) as { private_key: string };
    const privateKeyLine = serviceAccount.private_key.split("\n")[1] ?? "";

    expect(text).toContain("message sent");
    expect(text).not.toContain(env.VAPID_TEST_PRIVATE_KEY as string);
    expect(privateKeyLine.length).toBeGreaterThan(20);
    expect(text).not.toContain(privateKeyLine);
    expect(text).not.toContain("ya29.");
    expect(text).not.toContain("has shipped");
  });
});
