import { randomBytes } from "node:crypto";
import { countSmsSegments } from "@herald/core";
import {
  type HttpPeer,
  type PeerReply,
  type PeerRequest,
  PeerScripts,
  acceptedReply,
  startHttpPeer,
  stepReply,
} from "../../test-support/http-peer.ts";

export interface TwilioReceivedMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

export interface TwilioPeer extends HttpPeer {
  received: TwilioReceivedMessage[];
  scripts: PeerScripts;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Starts a server in the shape of Twilio's Messages API for one account: it checks basic auth,
 * the path and the form fields, and returns Twilio's JSON resource or error. Planned steps
 * are keyed by the `To` number.
 */
export async function startTwilioPeer(accountSid: string, authToken: string): Promise<TwilioPeer> {
  const scripts = new PeerScripts();
  const received: TwilioReceivedMessage[] = [];
  const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;

  const handle = async (request: PeerRequest): Promise<PeerReply> => {
    if (request.headers.authorization !== expectedAuth) {
      return error(401, 20003, "Authenticate");
    }
    if (request.method !== "POST" || request.url.pathname !== messagesPath) {
      return error(404, 20404, `The requested resource ${request.url.pathname} was not found`);
    }
    if (!String(request.headers["content-type"]).startsWith("application/x-www-form-urlencoded")) {
      return error(400, 21601, "Body must be form-encoded");
    }
    const form = new URLSearchParams(request.body.toString("utf8"));
    const problem = formProblem(form);
    if (problem) {
      return problem;
    }
    const to = form.get("To") ?? "";
    const step = scripts.next(to);
    const planned = step && stepReply(step);
    if (planned) {
      return planned;
    }
    const message: TwilioReceivedMessage = {
      sid: `SM${randomBytes(16).toString("hex")}`,
      to,
      from: form.get("From"),
      messagingServiceSid: form.get("MessagingServiceSid"),
      body: form.get("Body") ?? "",
      statusCallback: form.get("StatusCallback"),
    };
    scripts.accepted(to);
    received.push(message);
    const reply = { status: 201, body: resource(accountSid, message) };
    return acceptedReply(step, reply);
  };

  const peer = await startHttpPeer({ handle, scripts, received: () => received, reset: () => (received.length = 0) });
  return Object.assign(peer, { received, scripts });
}

function formProblem(form: URLSearchParams): PeerReply | undefined {
  const to = form.get("To");
  if (!to) {
    return error(400, 21604, "A 'To' phone number is required.");
  }
  if (!E164.test(to)) {
    return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  }
  if (!form.get("From") && !form.get("MessagingServiceSid")) {
    return error(400, 21603, "A 'From' phone number is required.");
  }
  if (!form.get("Body")) {
    return error(400, 21602, "Message body is required.");
  }
  return undefined;
}

function error(status: number, code: number, message: string): PeerReply {
  return {
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}

function resource(accountSid: string, message: TwilioReceivedMessage) {
  return {
    sid: message.sid,
    account_sid: accountSid,
    to: message.to,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    body: message.body,
    status: "queued",
    num_segments: String(countSmsSegments(message.body).segments),
    direction: "outbound-api",
    api_version: "2010-04-01",
    date_created: new Date().toUTCString(),
    error_code: null,
    error_message: null,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
  };
}
