import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export interface ReceivedMessage {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpTestServer {
  port: number;
  /** Messages whose DATA the server read completely. */
  received: ReceivedMessage[];
  close(): Promise<void>;
}

/**
 * Starts an `smtp-server` on 127.0.0.1 with a free port. It accepts every message unless the
 * given options override `onData`, and records the messages it receives.
 */
export async function startSmtpServer(options: SMTPServerOptions = {}): Promise<SmtpTestServer> {
  const received: ReceivedMessage[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString("latin1"),
        });
        callback();
      });
    },
    ...options,
  });
  server.on("error", () => undefined);

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
