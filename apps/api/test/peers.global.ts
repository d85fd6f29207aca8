import { mkdirSync, writeFileSync } from "node:fs";
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { TestProject } from "vitest/node";
import { faultyHandlers } from "./smtp-faults.ts";
import { webhookReceiver } from "./webhook-receiver.ts";
import { startProviderPeers } from "./provider-peers.ts";

interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../../..");

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Writes the figures the reliability tests reported, for scripts/reliability-report.mjs. */
function writeFigures(figures: Record<string, unknown>) {
  if (Object.keys(figures).length === 0) {
    return;
  }
  const dir = process.env.HERALD_REPORTS_DIR ?? join(repoRoot, "reports");
  mkdirSync(join(dir, "reliability"), { recursive: true });
  const report = { generatedAt: new Date().toISOString(), figures };
  writeFileSync(join(dir, "reliability", "figures.json"), `${JSON.stringify(report, null, 2)}\n`);
}

/**
 * Starts the real peers the Worker talks to during tests, on loopback only: an SMTP server
 * that requires AUTH, and an HTTP endpoint the tests read received mail from and report
 * their reliability figures to (`POST /figures/<name>`).
 */
export default async function setup(project: TestProject) {
  const received: ReceivedMail[] = [];
  const figures: Record<string, unknown> = {};
  const hooks = webhookReceiver();
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
    ...faultyHandlers((session, raw) =>
      received.push({ envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw }),
    ),
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const http: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname.startsWith("/hook")) {
      await hooks(request, response, await readBody(request), url.pathname);
      return;
    }
    if (request.method === "POST" && url.pathname.startsWith("/figures/")) {
      figures[decodeURIComponent(url.pathname.slice("/figures/".length))] = JSON.parse(await readBody(request));
      response.writeHead(204).end();
      return;
    }
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
  const stopProviderPeers = await startProviderPeers(project);

  return async () => {
    await stopProviderPeers();
    writeFigures(figures);
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
}
