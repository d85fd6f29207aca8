import { createHash, randomUUID } from "node:crypto";
import {
  type HttpPeer,
  type PeerReply,
  type PeerRequest,
  PeerScripts,
  startHttpPeer,
  stepReply,
} from "../../test-support/http-peer.ts";

export interface ResendReceivedEmail {
  id: string;
  idempotencyKey: string | null;
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  replyTo: string | null;
}

export interface ResendPeer extends HttpPeer {
  /** Emails the peer accepted, once each, however often a request was repeated. */
  received: ResendReceivedEmail[];
  /** Returns how many requests `POST /emails` got, replays and rejections included. */
  requests(): number;
  scripts: PeerScripts;
}

interface IdempotentEntry {
  bodyHash: string;
  reply: PeerReply | null;
}

/**
 * Starts a server in the shape of Resend's `POST /emails`: it checks the bearer key and the body,
 * and replays the first response for a repeated `Idempotency-Key` within its lifetime. Planned
 * steps are keyed by the first `to` address without its display name.
 */
export async function startResendPeer(apiKey: string): Promise<ResendPeer> {
  const scripts = new PeerScripts();
  const received: ResendReceivedEmail[] = [];
  const keys = new Map<string, IdempotentEntry>();
  const state = { requests: 0 };

  const handle = async (request: PeerRequest): Promise<PeerReply> => {
    if (request.method !== "POST" || request.url.pathname !== "/emails") {
      return error(404, "not_found", "The requested endpoint does not exist.");
    }
    state.requests += 1;
    const auth = request.headers.authorization;
    if (auth === undefined) {
      return error(401, "missing_api_key", "Missing API key in the authorization header.");
    }
    if (auth !== `Bearer ${apiKey}`) {
      return error(403, "invalid_api_key", "API key is invalid.");
    }
    const parsed = parseBody(request.body);
    if (typeof parsed === "string") {
      return error(422, "validation_error", parsed);
    }
    const key = headerValue(request.headers["idempotency-key"]);
    const bodyHash = createHash("sha256").update(request.body).digest("hex");
    const earlier = key === null ? undefined : keys.get(key);
    if (earlier !== undefined) {
      if (earlier.bodyHash !== bodyHash) {
        return error(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
      }
      return earlier.reply ?? error(409, "concurrent_idempotent_requests", "Same idempotency key used while original request is still in progress.");
    }
    const step = scripts.next(bareAddress(parsed.to[0] ?? ""));
    const planned = step && stepReply(step);
    if (planned) {
      return planned;
    }
    const entry: IdempotentEntry = { bodyHash, reply: null };
    if (key !== null) {
      keys.set(key, entry);
    }
    scripts.accepted(bareAddress(parsed.to[0] ?? ""));
    const id = randomUUID();
    received.push({ id, idempotencyKey: key, ...parsed });
    if (step && "stallMs" in step) {
      await new Promise((resolve) => setTimeout(resolve, step.stallMs));
    }
    entry.reply = { status: 200, body: { id } };
    return step && "drop" in step ? { status: 0, drop: true } : entry.reply;
  };

  const peer = await startHttpPeer({
    handle,
    scripts,
    received: () => received,
    reset: () => {
      received.length = 0;
      keys.clear();
    },
  });
  return Object.assign(peer, {
    received,
    scripts,
    requests: () => state.requests,
  });
}

function error(statusCode: number, name: string, message: string): PeerReply {
  return { status: statusCode, body: { statusCode, name, message } };
}

/** Returns `jane@example.com` for `Jane Doe <jane@example.com>`. */
function bareAddress(mailbox: string): string {
  return /<([^>]*)>\s*$/.exec(mailbox)?.[1] ?? mailbox;
}

function headerValue(value: string | string[] | undefined): string | null {
  return typeof value === "string" ? value : null;
}

type ParsedEmail = Omit<ResendReceivedEmail, "id" | "idempotencyKey">;

function parseBody(body: Buffer): ParsedEmail | string {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return "The request body is not valid JSON.";
  }
  const to = typeof json.to === "string" ? [json.to] : json.to;
  if (typeof json.from !== "string" || json.from === "") {
    return "Missing `from` field.";
  }
  if (!Array.isArray(to) || to.length === 0 || !to.every((item) => typeof item === "string")) {
    return "Missing `to` field.";
  }
  if (typeof json.subject !== "string") {
    return "Missing `subject` field.";
  }
  if (typeof json.html !== "string" && typeof json.text !== "string") {
    return "Missing `html` or `text` field.";
  }
  return {
    from: json.from,
    to: to as string[],
    subject: json.subject,
    html: typeof json.html === "string" ? json.html : null,
    text: typeof json.text === "string" ? json.text : null,
    replyTo: typeof json.reply_to === "string" ? json.reply_to : null,
  };
}
