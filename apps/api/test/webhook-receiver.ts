import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

interface Endpoint {
  secret: string;
  /** How many deliveries get a 500 response before the receiver accepts them. */
  failFirst: number;
  seen: number;
  deliveries: { id: string; timestamp: string; valid: boolean; body: unknown }[];
}

/**
 * Verifies a Standard Webhooks signature with Node's own crypto, independent of Herald's
 * code: HMAC-SHA256 over `id.timestamp.body` with the base64 bytes after `whsec_`, and a
 * timestamp within five minutes.
 */
export function verifySignature(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
  return (
    fresh &&
    header.split(" ").some((entry) => {
      const [version, signature = ""] = entry.split(",");
      const given = Buffer.from(signature, "base64");
      return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
    })
  );
}

/** Creates a webhook receiver: `PUT /hook-secrets/<name>` registers a secret, `/hooks/<name>` receives and lists. */
export function webhookReceiver() {
  const endpoints = new Map<string, Endpoint>();
  return async function handle(request: IncomingMessage, response: ServerResponse, body: string, path: string): Promise<boolean> {
    const secretMatch = /^\/hook-secrets\/([\w-]+)$/.exec(path);
    if (secretMatch && request.method === "PUT") {
      const { secret, failFirst = 0 } = JSON.parse(body);
      endpoints.set(secretMatch[1] ?? "", { secret, failFirst, seen: 0, deliveries: [] });
      response.writeHead(204).end();
      return true;
    }
    const hookMatch = /^\/hooks\/([\w-]+)$/.exec(path);
    if (!hookMatch) {
      return false;
    }
    const endpoint = endpoints.get(hookMatch[1] ?? "");
    if (request.method === "GET") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(endpoint?.deliveries ?? []));
      return true;
    }
    if (endpoint === undefined) {
      response.writeHead(410).end();
      return true;
    }
    endpoint.seen += 1;
    if (endpoint.seen <= endpoint.failFirst) {
      response.writeHead(500).end("try again");
      return true;
    }
    const id = String(request.headers["webhook-id"] ?? "");
    const timestamp = String(request.headers["webhook-timestamp"] ?? "");
    const signature = String(request.headers["webhook-signature"] ?? "");
    const valid = verifySignature(endpoint.secret, id, timestamp, body, signature);
    endpoint.deliveries.push({ id, timestamp, valid, body: JSON.parse(body) });
    response.writeHead(valid ? 204 : 401).end();
    return true;
  };
}
