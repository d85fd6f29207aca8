import type { SocketConnector } from "../socket.ts";
import type { Bytes } from "./base64url.ts";

/** One provider API call. Bodies are small, so they are sent whole with a Content-Length. */
export interface HttpRequest {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string | Bytes;
  /** Maximum time in ms for the whole exchange, response body included. */
  timeoutMs: number;
}

/**
 * The result of an HTTP call: a response, a failure that proves the request never reached the
 * server (`not-sent`), or a failure after which the server may have received it (`maybe-sent`).
 */
export type HttpResult =
  | { kind: "response"; status: number; headers: Headers; body: string }
  | { kind: "not-sent"; reason: string }
  | { kind: "maybe-sent"; reason: string };

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResult>;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Node error codes that mean no connection was made, so no byte of the request went out. */
const NOT_CONNECTED_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * Creates an HTTP client over `fetch`. A failure without a response is `maybe-sent` unless it
 * proves no connection was made. Node's fetch reports that in `cause.code`. workerd reports a refused
 * connection and one lost mid-request with the same "Network connection lost" error, so the
 * client then tries a plain TCP connection to the same host and port through `connector`. When
 * that also fails, the server was not accepting connections and the request is `not-sent`.
 */
export function createHttpClient(fetcher: Fetch, connector?: SocketConnector): HttpClient {
  return {
    async send(request) {
      const signal = AbortSignal.timeout(request.timeoutMs);
      let response: Response;
      try {
        response = await fetcher(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal,
        });
      } catch (error) {
        return failure(error, request, signal, connector);
      }
      try {
        return { kind: "response", status: response.status, headers: response.headers, body: await response.text() };
      } catch {
        // The status line arrived, so the status still decides; only the body is lost.
        return { kind: "response", status: response.status, headers: response.headers, body: "" };
      }
    },
  };
}

async function failure(
  error: unknown,
  request: HttpRequest,
  signal: AbortSignal,
  connector: SocketConnector | undefined,
): Promise<HttpResult> {
  const host = new URL(request.url).host;
  if (signal.aborted) {
    return { kind: "maybe-sent", reason: `no response from ${host} within ${request.timeoutMs} ms` };
  }
  const code = causeCode(error);
  if (code !== undefined && NOT_CONNECTED_CODES.has(code)) {
    return { kind: "not-sent", reason: `could not connect to ${host}: ${code}` };
  }
  if (connector !== undefined && (await probe(connector, request.url)) === "refused") {
    return { kind: "not-sent", reason: `could not connect to ${host}: connection refused` };
  }
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return { kind: "maybe-sent", reason: `connection to ${host} failed during the request: ${detail}` };
}

function causeCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/** Longest wait in ms for the probe connection, which only runs after a failed request. */
const PROBE_TIMEOUT_MS = 2_000;

async function probe(connector: SocketConnector, url: string): Promise<"accepted" | "refused" | "unknown"> {
  const { hostname, port, protocol } = new URL(url);
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  const socket = connector.connect(host, Number(port || (protocol === "https:" ? 443 : 80)), {
    secureTransport: "off",
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"unknown">((resolve) => {
    timer = setTimeout(() => resolve("unknown"), PROBE_TIMEOUT_MS);
  });
  const opened = socket.opened.then(
    () => "accepted" as const,
    () => "refused" as const,
  );
  try {
    return await Promise.race([opened, timeout]);
  } finally {
    clearTimeout(timer);
    await socket.close().catch(() => undefined);
  }
}
