import type { OutgoingMessage, SendOutcome, Sender } from "@herald/core";
import { InvalidEmailError } from "../email/mime.ts";
import type { HttpClient, HttpRequest } from "../http/http-client.ts";
import { classifyStatus, parseJsonObject, shortReason, transportOutcome } from "../http/http-outcome.ts";
import { buildResendBody } from "./resend-message.ts";

export const RESEND_DEFAULT_BASE_URL = "https://api.resend.com";

/**
 * How long Resend keeps an idempotency key: a request with the same key within 24 hours returns
 * the first response and sends nothing.
 */
export const RESEND_IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

export interface ResendSenderConfig {
  apiKey: string;
  /** API origin, by default `https://api.resend.com`; tests point it at a local server. */
  baseUrl?: string;
  /** Maximum time in ms for one API call, by default 10,000. */
  timeoutMs?: number;
  /** Pause in ms before repeating a request that got no response, by default 1,000. */
  repeatDelayMs?: number;
}

/**
 * Creates a Sender over Resend's `POST /emails`. Each request carries the Herald message id as its
 * `Idempotency-Key`, so repeating it cannot send twice. A request that got no response is
 * repeated once after `repeatDelayMs`: Resend then returns the first request's result, or sends
 * the email if the first request never arrived. When the repeat gets no response either, the
 * outcome is `unknown`.
 *
 * @example
 * const sender = createResendSender({ apiKey }, createHttpClient(fetch));
 * const outcome = await sender.send({ messageId: "msg_123", rendered });
 */
export function createResendSender(config: ResendSenderConfig, http: HttpClient): Sender {
  const url = `${(config.baseUrl ?? RESEND_DEFAULT_BASE_URL).replace(/\/+$/, "")}/emails`;
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const body = requestBody(message);
      if (typeof body !== "string") {
        return body;
      }
      const request: HttpRequest = {
        url,
        method: "POST",
        headers: {
          authorization: `Bearer ${config.apiKey}`,
          "content-type": "application/json",
          "idempotency-key": message.messageId,
        },
        body,
        timeoutMs: config.timeoutMs ?? 10_000,
      };
      let result = await http.send(request);
      if (result.kind === "maybe-sent") {
        await new Promise((resolve) => setTimeout(resolve, config.repeatDelayMs ?? 1_000));
        const repeat = await http.send(request);
        // Without a response to the repeat, the first request may still have been delivered.
        result = repeat.kind === "response" ? repeat : result;
      }
      if (result.kind !== "response") {
        return transportOutcome(result);
      }
      return classifyResendResponse(result.status, result.headers, result.body, message.messageId);
    },
  };
}

function requestBody(message: OutgoingMessage): string | SendOutcome {
  const { rendered } = message;
  if (rendered.channel !== "email") {
    return { kind: "permanent", reason: `Resend cannot send a ${rendered.channel} message` };
  }
  try {
    return JSON.stringify(buildResendBody(rendered));
  } catch (error) {
    if (error instanceof InvalidEmailError) {
      return { kind: "permanent", reason: error.message };
    }
    throw error;
  }
}

/**
 * Maps a Resend response to an outcome. Errors carry `{ statusCode, name, message }`; the two
 * 409 errors concern the idempotency key, and `name` distinguishes them.
 */
export function classifyResendResponse(
  status: number,
  headers: Headers,
  text: string,
  idempotencyKey: string,
): SendOutcome {
  const json = parseJsonObject(text);
  if (status >= 200 && status < 300) {
    const id = typeof json?.id === "string" && json.id !== "" ? json.id : `resend:${idempotencyKey}`;
    return { kind: "sent", providerMessageId: id };
  }
  const name = typeof json?.name === "string" ? json.name : "error";
  const detail = typeof json?.message === "string" ? json.message : `HTTP ${status}`;
  const reason = `Resend ${status} ${name}: ${detail}`;
  if (name === "concurrent_idempotent_requests") {
    // The first request with this key is still running, and a later try gets its response.
    return { kind: "retryable", reason: shortReason(reason), retryAfterSeconds: 1 };
  }
  if (name === "invalid_idempotent_request") {
    // An earlier request with this key was processed, so the email may already be out.
    return { kind: "unknown", reason: shortReason(`${reason}; an earlier attempt may have been sent`) };
  }
  return classifyStatus(status, reason, headers);
}
