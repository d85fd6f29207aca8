import { type KeyObject, generateKeyPairSync, randomBytes, verify } from "node:crypto";
import {
  type HttpPeer,
  type PeerReply,
  type PeerRequest,
  PeerScripts,
  acceptedReply,
  startHttpPeer,
  stepReply,
} from "../../test-support/http-peer.ts";

export interface FcmReceivedMessage {
  name: string;
  token: string;
  notification: { title?: string; body?: string; image?: string };
  data: Record<string, string> | null;
}

export interface FcmPeer extends HttpPeer {
  projectId: string;
  /** The key file, private key included, as Google Cloud would issue it. */
  serviceAccountJson: string;
  received: FcmReceivedMessage[];
  /** Returns how many access tokens the token endpoint issued. */
  tokensIssued(): number;
  scripts: PeerScripts;
  /** Makes every access token issued so far invalid, as a revocation would. */
  revokeTokens(): void;
}

const SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

/**
 * Starts an OAuth token endpoint and an FCM v1 endpoint on loopback for one test project. The
 * token endpoint verifies the service account's RS256 JWT with the public half of a key pair made
 * here. The send endpoint checks the bearer token and the message body. Planned steps are keyed
 * by device token.
 */
export async function startFcmPeer(projectId = "herald-test"): Promise<FcmPeer> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKeyId = randomBytes(20).toString("hex");
  const clientEmail = `herald-sender@${projectId}.iam.gserviceaccount.com`;
  const scripts = new PeerScripts();
  const received: FcmReceivedMessage[] = [];
  const tokens = new Map<string, number>();
  const state = { issued: 0, origin: "" };

  const handle = (request: PeerRequest): PeerReply => {
    if (request.method === "POST" && request.url.pathname === "/token") {
      return issueToken(request);
    }
    if (request.method === "POST" && request.url.pathname === `/v1/projects/${projectId}/messages:send`) {
      return send(request);
    }
    return fcmError(404, "NOT_FOUND", `no route ${request.url.pathname}`);
  };

  const issueToken = (request: PeerRequest): PeerReply => {
    const form = new URLSearchParams(request.body.toString("utf8"));
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      return { status: 400, body: { error: "unsupported_grant_type", error_description: "Invalid grant_type" } };
    }
    const problem = assertionProblem(form.get("assertion") ?? "", {
      publicKey,
      privateKeyId,
      clientEmail,
      audience: `${state.origin}/token`,
    });
    if (problem) {
      return { status: 400, body: { error: "invalid_grant", error_description: problem } };
    }
    const token = `ya29.${randomBytes(24).toString("base64url")}`;
    tokens.set(token, Date.now() + 3599_000);
    state.issued += 1;
    return { status: 200, body: { access_token: token, expires_in: 3599, token_type: "Bearer" } };
  };

  const send = (request: PeerRequest): PeerReply => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? "";
    const expiresAt = tokens.get(bearer);
    if (expiresAt === undefined || expiresAt < Date.now()) {
      return fcmError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    }
    const message = parseMessage(request.body);
    if (typeof message === "string") {
      return fcmError(400, "INVALID_ARGUMENT", message, "INVALID_ARGUMENT");
    }
    const step = scripts.next(message.token);
    const planned = step && stepReply(step);
    if (planned) {
      return planned;
    }
    const name = `projects/${projectId}/messages/0:${Date.now()}${randomBytes(4).toString("hex")}`;
    scripts.accepted(message.token);
    received.push({ name, ...message });
    const reply = { status: 200, body: { name } };
    return acceptedReply(step, reply);
  };

  const peer = await startHttpPeer({ handle, scripts, received: () => received, reset: () => (received.length = 0) });
  state.origin = peer.url;
  const serviceAccountJson = JSON.stringify({
    type: "service_account",
    project_id: projectId,
    private_key_id: privateKeyId,
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }),
    client_email: clientEmail,
    token_uri: `${peer.url}/token`,
  });
  return Object.assign(peer, {
    projectId,
    serviceAccountJson,
    received,
    scripts,
    tokensIssued: () => state.issued,
    revokeTokens: () => tokens.clear(),
  });
}

/** Builds an FCM v1 error response, with an FcmError detail when `errorCode` is given. */
export function fcmError(code: number, status: string, message: string, errorCode?: string): PeerReply {
  const details = errorCode
    ? [{ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode }]
    : [];
  return { status: code, body: { error: { code, message, status, details } } };
}

interface AssertionExpectations {
  publicKey: KeyObject;
  privateKeyId: string;
  clientEmail: string;
  audience: string;
}

function assertionProblem(assertion: string, expected: AssertionExpectations): string | undefined {
  const [header = "", claims = "", signature = ""] = assertion.split(".");
  const signed = verify("sha256", Buffer.from(`${header}.${claims}`), expected.publicKey, Buffer.from(signature, "base64url"));
  if (!signed) {
    return "Invalid JWT Signature.";
  }
  const head = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
  const body = JSON.parse(Buffer.from(claims, "base64url").toString("utf8"));
  const now = Math.floor(Date.now() / 1000);
  if (head.alg !== "RS256" || head.kid !== expected.privateKeyId) {
    return "JWT header must name RS256 and the key id";
  }
  if (body.iss !== expected.clientEmail || body.aud !== expected.audience) {
    return "JWT iss or aud is wrong";
  }
  if (!String(body.scope).split(" ").includes(SCOPE)) {
    return "JWT scope lacks firebase.messaging";
  }
  if (!(body.iat <= now + 60 && body.exp > now && body.exp - body.iat <= 3600)) {
    return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.";
  }
  return undefined;
}

function parseMessage(body: Buffer): Omit<FcmReceivedMessage, "name"> | string {
  let json: { message?: Record<string, unknown> };
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return "Invalid JSON payload received.";
  }
  const message = json.message;
  if (typeof message?.token !== "string" || message.token === "") {
    return "message.token is required";
  }
  const notification = (message.notification ?? {}) as FcmReceivedMessage["notification"];
  const data = (message.data ?? null) as Record<string, unknown> | null;
  if (data !== null && !Object.values(data).every((value) => typeof value === "string")) {
    return "Invalid value at 'message.data': values must be strings";
  }
  return { token: message.token, notification, data: data as Record<string, string> | null };
}
