import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { TestProject } from "vitest/node";

interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
}

/**
 * Starts the real peers the Worker talks to during tests, on loopback only: an SMTP server
 * that requires AUTH, and an HTTP endpoint the tests read received mail from.
 */
export default async function setup(project: TestProject) {
  const received: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    onAuth(auth, _session, callback) {
      if (auth.username === "herald" && auth.password === "smtp-secret") {
        callback(null, { user: auth.username });
      } else {
        callback(new Error("invalid credentials"));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback(null, "queued as test-1");
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const http: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const to = url.searchParams.get("to");
    const mails = received.filter((mail) => to === null || mail.envelopeTo.includes(to));
    const parsed = await Promise.all(
      mails.map(async (mail) => {
        const message = await simpleParser(mail.raw);
        return {
          envelopeTo: mail.envelopeTo,
          raw: mail.raw,
          from: message.from?.text ?? null,
          to: Array.isArray(message.to) ? message.to.map((item) => item.text).join(", ") : (message.to?.text ?? null),
          subject: message.subject ?? null,
          text: message.text ?? null,
          html: message.html || null,
          messageId: message.messageId ?? null,
        };
      }),
    );
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(parsed));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const peerUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  project.provide("smtpPort", smtpPort);
  project.provide("peerUrl", peerUrl);

  return async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
}
