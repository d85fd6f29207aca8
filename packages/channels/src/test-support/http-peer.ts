import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * One planned response of a test peer: an error status it returns instead of accepting the
 * request, a stall, where it accepts the request and then holds the response back for `stallMs`,
 * or a drop, where it accepts the request and closes the connection without a response.
 */
export type PeerStep =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { stallMs: number }
  | { drop: true };

export interface PeerRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface PeerReply {
  status: number;
  headers?: Record<string, string>;
  /** A Buffer or string is sent as it is; anything else as JSON. */
  body?: unknown;
  /** Wait this many ms before responding. */
  delayMs?: number;
  /** Close the connection instead of responding. */
  drop?: boolean;
}

/**
 * After `afterAccepted` accepted requests, every request gets `reply` for `durationMs`. With
 * `keyPrefix`, only requests whose key starts with it count and are throttled.
 */
export interface Throttle {
  afterAccepted: number;
  durationMs: number;
  keyPrefix?: string;
  reply: { status: number; headers?: Record<string, string>; body?: unknown };
}

/**
 * Responses planned per key (a recipient, a token): each request takes the next step. A throttle,
 * once set, rejects every request for a while after a number of accepted ones, as a provider's
 * rate limit would.
 */
export class PeerScripts {
  private readonly plans = new Map<string, PeerStep[]>();
  private throttleRule: Throttle | undefined;
  private acceptedCount = 0;
  private throttledUntil = 0;
  private throttledCount = 0;

  plan(key: string, steps: PeerStep[]): void {
    this.plans.set(key, [...(this.plans.get(key) ?? []), ...steps]);
  }

  next(key: string): PeerStep | undefined {
    if (Date.now() < this.throttledUntil && this.throttleRule !== undefined && this.throttles(key)) {
      this.throttledCount += 1;
      return this.throttleRule.reply;
    }
    return this.plans.get(key)?.shift();
  }

  throttle(rule: Throttle): void {
    this.throttleRule = rule;
    this.acceptedCount = 0;
    this.throttledCount = 0;
  }

  /** Counts an accepted request; the one that reaches the throttle's count starts its window. */
  accepted(key: string): void {
    if (!this.throttles(key)) {
      return;
    }
    this.acceptedCount += 1;
    if (this.throttleRule !== undefined && this.acceptedCount === this.throttleRule.afterAccepted) {
      this.throttledUntil = Date.now() + this.throttleRule.durationMs;
    }
  }

  private throttles(key: string): boolean {
    return key.startsWith(this.throttleRule?.keyPrefix ?? "");
  }

  /** Returns how many requests the throttle rejected. */
  rejected(): number {
    return this.throttledCount;
  }

  clear(): void {
    this.plans.clear();
    this.throttleRule = undefined;
    this.throttledUntil = 0;
    this.acceptedCount = 0;
    this.throttledCount = 0;
  }
}

/** Returns the reply a step with a status plans, or undefined for a stall or a drop. */
export function stepReply(step: PeerStep): PeerReply | undefined {
  return "status" in step ? { status: step.status, headers: step.headers, body: step.body } : undefined;
}

/** Returns the reply to a request the peer accepted, delayed or dropped as `step` plans. */
export function acceptedReply(step: PeerStep | undefined, reply: PeerReply): PeerReply {
  if (step !== undefined && "stallMs" in step) {
    return { ...reply, delayMs: step.stallMs };
  }
  if (step !== undefined && "drop" in step) {
    return { status: 0, drop: true };
  }
  return reply;
}

export interface HttpPeer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface HttpPeerOptions {
  handle(request: PeerRequest): Promise<PeerReply> | PeerReply;
  scripts: PeerScripts;
  /** Returns the body of `GET /_peer/received`, for tests that run in another process. */
  received(): unknown;
  reset(): void;
}

/**
 * Starts an HTTP server on 127.0.0.1 with a free port. Besides the provider routes it serves
 * `POST /_peer/plan` (`{ key, steps }`), `POST /_peer/throttle` (a `Throttle`), `GET
 * /_peer/received` and `POST /_peer/reset`, so tests inside workerd can steer it and read what it
 * received.
 */
export async function startHttpPeer(options: HttpPeerOptions): Promise<HttpPeer> {
  const server = createServer((incoming, response) => {
    serve(options, incoming, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(options: HttpPeerOptions, incoming: IncomingMessage, response: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) {
    chunks.push(chunk as Buffer);
  }
  const request: PeerRequest = {
    method: incoming.method ?? "GET",
    url: new URL(incoming.url ?? "/", "http://127.0.0.1"),
    headers: incoming.headers,
    body: Buffer.concat(chunks),
  };
  const reply = control(options, request) ?? (await options.handle(request));
  if (reply.delayMs !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  }
  if (reply.drop === true) {
    incoming.socket.destroy();
    return;
  }
  if (response.destroyed) {
    return;
  }
  write(response, reply);
}

function control(options: HttpPeerOptions, request: PeerRequest): PeerReply | undefined {
  const path = request.url.pathname;
  if (path === "/_peer/plan" && request.method === "POST") {
    const { key, steps } = JSON.parse(request.body.toString("utf8")) as { key: string; steps: PeerStep[] };
    options.scripts.plan(key, steps);
    return { status: 204 };
  }
  if (path === "/_peer/throttle" && request.method === "POST") {
    options.scripts.throttle(JSON.parse(request.body.toString("utf8")) as Throttle);
    return { status: 204 };
  }
  if (path === "/_peer/received" && request.method === "GET") {
    return { status: 200, body: options.received() };
  }
  if (path === "/_peer/reset" && request.method === "POST") {
    options.scripts.clear();
    options.reset();
    return { status: 204 };
  }
  return undefined;
}

function write(response: ServerResponse, reply: PeerReply) {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: Buffer | string | undefined;
  if (Buffer.isBuffer(reply.body) || typeof reply.body === "string") {
    payload = reply.body;
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers["content-type"] ??= "application/json";
  }
  response.writeHead(reply.status, headers);
  response.end(payload);
}
