import type { OutgoingMessage, SendOutcome, Sender } from "@herald/core";
import type { HttpClient } from "../http/http-client.ts";
import { parseJsonObject, shortReason, transportOutcome } from "../http/http-outcome.ts";
import { type TwilioError, classifyTwilioError } from "./twilio-errors.ts";

export const TWILIO_DEFAULT_BASE_URL = "https://api.twilio.com";

export interface TwilioSenderConfig {
  accountSid: string;
  authToken: string;
  /** Sends through this Messaging Service (`MG…`) in place of the surface's `From` number. */
  messagingServiceSid?: string;
  /** URL Twilio calls with delivery status updates. */
  statusCallbackUrl?: string;
  /** API origin, by default `https://api.twilio.com`; tests point it at a local server. */
  baseUrl?: string;
  /** Maximum time in ms for one API call, by default 10,000. */
  timeoutMs?: number;
}

/**
 * Creates a Sender over Twilio's Messages API: a form-encoded `POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP basic auth. The outcome is `sent`
 * with the message SID (`SM…`) once Twilio has queued the message.
 *
 * @example
 * const sender = createTwilioSender({ accountSid, authToken }, createHttpClient(fetch));
 * const outcome = await sender.send({ messageId: "msg_123", rendered });
 */
export function createTwilioSender(config: TwilioSenderConfig, http: HttpClient): Sender {
  const base = (config.baseUrl ?? TWILIO_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${config.accountSid}:${config.authToken}`)}`;
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const { rendered } = message;
      if (rendered.channel !== "sms") {
        return { kind: "permanent", reason: `Twilio cannot send a ${rendered.channel} message` };
      }
      const form = new URLSearchParams({ To: rendered.to, Body: rendered.body });
      if (config.messagingServiceSid !== undefined) {
        form.set("MessagingServiceSid", config.messagingServiceSid);
      } else {
        form.set("From", rendered.from);
      }
      if (config.statusCallbackUrl !== undefined) {
        form.set("StatusCallback", config.statusCallbackUrl);
      }
      const result = await http.send({
        url,
        method: "POST",
        headers: {
          authorization,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: form.toString(),
        timeoutMs: config.timeoutMs ?? 10_000,
      });
      if (result.kind !== "response") {
        return transportOutcome(result);
      }
      return classifyTwilioResponse(result.status, result.headers, result.body);
    },
  };
}

/** Maps the response to a create-message call to an outcome. */
export function classifyTwilioResponse(status: number, headers: Headers, text: string): SendOutcome {
  const json = parseJsonObject(text);
  if (status < 200 || status >= 300) {
    return classifyTwilioError(status, json as TwilioError | undefined, headers);
  }
  const sid = json?.sid;
  if (typeof sid !== "string" || sid === "") {
    // Twilio took the request but its response cannot be read, so the message may be queued.
    return { kind: "unknown", reason: `Twilio ${status} without a message SID` };
  }
  if (json?.status === "failed" || json?.status === "undelivered") {
    const code = typeof json.error_code === "number" ? ` error ${json.error_code}` : "";
    const detail = typeof json.error_message === "string" ? `: ${json.error_message}` : "";
    return { kind: "permanent", reason: shortReason(`Twilio message ${sid} ${json.status}${code}${detail}`) };
  }
  return { kind: "sent", providerMessageId: sid };
}
