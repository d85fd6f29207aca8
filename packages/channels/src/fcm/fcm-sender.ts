import type { OutgoingMessage, SendOutcome, Sender } from "@herald/core";
import type { HttpClient } from "../http/http-client.ts";
import { parseJsonObject, transportOutcome } from "../http/http-outcome.ts";
import {
  AccessTokenError,
  GOOGLE_TOKEN_URL,
  type TokenCache,
  forgetAccessToken,
  getAccessToken,
} from "./access-token.ts";
import { classifyFcmError } from "./fcm-errors.ts";
import { FCM_PAYLOAD_LIMIT_BYTES, buildFcmMessage, fcmPayloadBytes } from "./fcm-message.ts";
import type { ServiceAccount } from "./service-account.ts";

export const FCM_DEFAULT_BASE_URL = "https://fcm.googleapis.com";

export interface FcmSenderConfig {
  serviceAccount: ServiceAccount;
  /** Firebase project id, by default the service account's `project_id`. */
  projectId?: string;
  /** API origin, by default `https://fcm.googleapis.com`; tests point it at a local server. */
  baseUrl?: string;
  /** OAuth token endpoint, by default the key file's `token_uri`, else Google's. */
  tokenUrl?: string;
  /** Maximum time in ms for one API call, by default 10,000. */
  timeoutMs?: number;
  tokenCache?: TokenCache;
  now?: () => Date;
}

/**
 * Creates a Sender over FCM's HTTP v1 API: it gets an OAuth token for the service account (a
 * JWT signed RS256, cached until a minute before it expires) and posts each notification to
 * `/v1/projects/{project}/messages:send`. UNREGISTERED marks the device token gone.
 *
 * @example
 * const sender = createFcmSender({ serviceAccount: parseServiceAccount(json) }, http);
 * const outcome = await sender.send({ messageId: "msg_123", rendered });
 */
export function createFcmSender(config: FcmSenderConfig, http: HttpClient): Sender {
  const account = config.serviceAccount;
  const projectId = config.projectId ?? account.projectId;
  const tokenUrl = config.tokenUrl ?? account.tokenUri ?? GOOGLE_TOKEN_URL;
  const base = (config.baseUrl ?? FCM_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const timeoutMs = config.timeoutMs ?? 10_000;
  const tokenOptions = { tokenUrl, timeoutMs, cache: config.tokenCache, now: config.now };
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const { rendered } = message;
      if (rendered.channel !== "push" || rendered.to.kind !== "token") {
        return { kind: "permanent", reason: "the FCM provider sends only to device tokens" };
      }
      if (projectId === undefined) {
        return { kind: "permanent", reason: "no FCM project id: set fcm.projectId on the surface" };
      }
      const fcmMessage = buildFcmMessage(rendered, rendered.to.token);
      const bytes = fcmPayloadBytes(fcmMessage);
      if (bytes > FCM_PAYLOAD_LIMIT_BYTES) {
        return { kind: "permanent", reason: `push payload is ${bytes} bytes, over FCM's ${FCM_PAYLOAD_LIMIT_BYTES}-byte limit` };
      }
      let accessToken: string;
      try {
        accessToken = await getAccessToken(account, http, tokenOptions);
      } catch (error) {
        return tokenFailure(error);
      }
      const result = await http.send({
        url: `${base}/v1/projects/${encodeURIComponent(projectId)}/messages:send`,
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({ message: fcmMessage }),
        timeoutMs,
      });
      if (result.kind !== "response") {
        return transportOutcome(result);
      }
      if (result.status === 401) {
        // The token was revoked or expired early; the next attempt fetches a new one.
        forgetAccessToken(account, tokenUrl, config.tokenCache);
        return { kind: "retryable", reason: "FCM 401: the access token was rejected" };
      }
      if (result.status < 200 || result.status >= 300) {
        return classifyFcmError(result.status, result.headers, result.body);
      }
      const name = parseJsonObject(result.body)?.name;
      return { kind: "sent", providerMessageId: typeof name === "string" ? name : `fcm:${message.messageId}` };
    },
  };
}

function tokenFailure(error: unknown): SendOutcome {
  if (!(error instanceof AccessTokenError)) {
    throw error;
  }
  const reason = `no FCM access token: ${error.message}`;
  if (!error.retryable) {
    return { kind: "permanent", reason };
  }
  return error.retryAfterSeconds === undefined
    ? { kind: "retryable", reason }
    : { kind: "retryable", reason, retryAfterSeconds: error.retryAfterSeconds };
}
