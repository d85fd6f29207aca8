import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ByteSocket } from "../socket.ts";
import { createNodeSocketConnector } from "./node-socket.ts";
import { createSmtpSender } from "./smtp-sender.ts";
import { outgoingEmail } from "./test-support/fixtures.ts";
import { type SmtpTestServer, startSmtpServer } from "./test-support/smtp-test-server.ts";
import {
  type TlsCertificate,
  createSelfSignedCertificate,
} from "./test-support/tls-certificate.ts";
import {
  type WorkersConnect,
  type WorkersSocket,
  createWorkersSocketConnector,
} from "./workers-socket.ts";

let certificate: TlsCertificate;
let server: SmtpTestServer | undefined;

beforeAll(() => {
  certificate = createSelfSignedCertificate();
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * Stands in for `connect()` from `cloudflare:sockets`, which only workerd provides, with the
 * same shape over Node sockets. It records the options that the adapter passes.
 */
function fakeWorkersConnect(calls: unknown[]): WorkersConnect {
  const node = createNodeSocketConnector({ ca: certificate.cert });
  const toWorkersSocket = (socket: ByteSocket): WorkersSocket => ({
    readable: socket.readable,
    writable: socket.writable,
    opened: socket.opened.then(() => ({})),
    close: () => socket.close(),
    startTls: () => toWorkersSocket(socket.startTls()),
  });
  return (address, options) => {
    calls.push({ address, options });
    const { secureTransport } = options;
    return toWorkersSocket(node.connect(address.hostname, address.port, { secureTransport }));
  };
}

describe("Workers socket connector", () => {
  it("sends through STARTTLS", async () => {
    server = await startSmtpServer({ key: certificate.key, cert: certificate.cert });
    const calls: unknown[] = [];
    const connector = createWorkersSocketConnector(fakeWorkersConnect(calls));
    const config = { host: "127.0.0.1", port: server.port, security: "starttls" as const };
    const outcome = await createSmtpSender(config, connector).send(outgoingEmail());
    expect(outcome.kind).toBe("sent");
    expect(server.received).toHaveLength(1);
    expect(calls).toEqual([
      {
        address: { hostname: "127.0.0.1", port: server.port },
        options: { secureTransport: "starttls", allowHalfOpen: false },
      },
    ]);
  });

  it("retries when connect() throws", async () => {
    const connector = createWorkersSocketConnector(() => {
      throw new TypeError("connect() to port 25 is blocked");
    });
    const config = { host: "127.0.0.1", port: 25, security: "none" as const };
    const outcome = await createSmtpSender(config, connector).send(outgoingEmail());
    expect(outcome).toEqual({
      kind: "retryable",
      reason: "SMTP connect failed: connect() to port 25 is blocked",
    });
  });
});
