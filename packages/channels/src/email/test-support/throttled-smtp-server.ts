import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ThrottledSmtpServer {
  port: number;
  /** The Message-ID header of each message accepted, in order. */
  messageIds: string[];
  /** Returns how many messages got the throttling reply. */
  throttled(): number;
  close(): Promise<void>;
}

/**
 * Starts an SMTP server on 127.0.0.1 that accepts `afterAccepted` messages, then replies to the
 * final dot of every message with `454 Throttling failure` for `durationMs`, as Amazon SES does
 * past its sending rate, and accepts again afterwards.
 */
export async function startThrottledSmtpServer(
  afterAccepted: number,
  durationMs: number,
  credentials?: { username: string; password: string },
): Promise<ThrottledSmtpServer> {
  const messageIds: string[] = [];
  let throttledUntil = 0;
  let throttledCount = 0;
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      const valid = auth.username === credentials?.username && auth.password === credentials?.password;
      callback(valid ? null : new Error("Invalid username or password"), valid ? { user: auth.username } : undefined);
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (Date.now() < throttledUntil) {
          throttledCount += 1;
          callback(Object.assign(new Error("Throttling failure: Maximum sending rate exceeded."), { responseCode: 454 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString("latin1");
        messageIds.push(/^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? "");
        if (messageIds.length === afterAccepted) {
          throttledUntil = Date.now() + durationMs;
        }
        callback(null, `Ok: queued as q${messageIds.length}`);
      });
    },
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    messageIds,
    throttled: () => throttledCount,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
