import net from "node:net";
import type { RenderedEmail, SendOutcome } from "@herald/core";
import { type AddressObject, simpleParser } from "mailparser";
import type { SMTPServerDataStream, SMTPServerOptions } from "smtp-server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createNodeSocketConnector } from "./node-socket.ts";
import { type SmtpSenderConfig, createSmtpSender } from "./smtp-sender.ts";
import { outgoingEmail } from "./test-support/fixtures.ts";
import { acceptUntilData, startScriptedServer } from "./test-support/scripted-server.ts";
import { type SmtpTestServer, startSmtpServer } from "./test-support/smtp-test-server.ts";
import {
  type TlsCertificate,
  createSelfSignedCertificate,
} from "./test-support/tls-certificate.ts";

let certificate: TlsCertificate;
let server: SmtpTestServer | undefined;

beforeAll(() => {
  certificate = createSelfSignedCertificate();
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: SMTPServerOptions = {}): Promise<SmtpTestServer> {
  server = await startSmtpServer({ key: certificate.key, cert: certificate.cert, ...options });
  return server;
}

function sender(port: number, config: Partial<SmtpSenderConfig> = {}) {
  const connector = createNodeSocketConnector({ ca: certificate.cert });
  const base = { host: "127.0.0.1", port, security: "none", timeoutMs: 2_000 } as const;
  return createSmtpSender({ ...base, ...config }, connector);
}

async function sendAndParse(overrides: Partial<RenderedEmail> = {}) {
  const { port, received } = await start({ hideSTARTTLS: true });
  const outcome = await sender(port).send(outgoingEmail(overrides));
  expect(outcome.kind).toBe("sent");
  expect(received).toHaveLength(1);
  const raw = received[0]?.raw ?? "";
  return { raw, parsed: await simpleParser(raw), envelope: received[0] };
}

function reasonOf(outcome: SendOutcome): string {
  return outcome.kind === "sent" ? "" : outcome.reason;
}

function firstAddress(field: AddressObject | AddressObject[] | undefined) {
  const object = Array.isArray(field) ? field[0] : field;
  return object?.value[0];
}

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

function rejectWith(responseCode: number, message: string) {
  return (_: unknown, __: unknown, callback: (error?: Error | null) => void) => {
    callback(smtpError(responseCode, message));
  };
}

function drain(stream: SMTPServerDataStream, then: () => void): void {
  stream.on("data", () => undefined);
  stream.on("end", then);
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("SMTP sender", () => {
  it("delivers sender, recipient and subject", async () => {
    const { parsed, envelope } = await sendAndParse();
    const from = { address: "sender@example.com", name: "Herald Team" };
    expect(firstAddress(parsed.from)).toEqual(from);
    expect(firstAddress(parsed.to)).toEqual({ address: "jane@example.com", name: "Jane Doe" });
    expect(parsed.subject).toBe("Reset your password");
    expect(envelope?.from).toBe("sender@example.com");
    expect(envelope?.to).toEqual(["jane@example.com"]);
  });

  it("delivers text and html parts", async () => {
    const { parsed } = await sendAndParse();
    expect(parsed.text).toBe("Hello Jane,\nopen https://example.com/reset?token=abc&uid=42\n");
    expect(parsed.html).toContain('<a href="https://example.com/reset">Reset</a>');
  });

  it("sets a Message-ID derived from the message id", async () => {
    const { parsed } = await sendAndParse();
    expect(parsed.messageId).toBe("<msg_01JABCDEF@herald.local>");
  });

  it("uses the configured Message-ID domain", async () => {
    const { port, received } = await start({ hideSTARTTLS: true });
    await sender(port, { messageIdDomain: "mail.example.com" }).send(outgoingEmail());
    const parsed = await simpleParser(received[0]?.raw ?? "");
    expect(parsed.messageId).toBe("<msg_01JABCDEF@mail.example.com>");
  });

  it("returns the Message-ID when the reply has no queue id", async () => {
    const { port } = await start({ hideSTARTTLS: true });
    const outcome = await sender(port).send(outgoingEmail());
    expect(outcome).toEqual({ kind: "sent", providerMessageId: "<msg_01JABCDEF@herald.local>" });
  });

  it("returns the server's queue id", async () => {
    const { port } = await start({
      hideSTARTTLS: true,
      onData: (stream, _, callback) =>
        drain(stream, () => callback(null, "2.0.0 Ok: queued as 4Y8Z1K2mXz")),
    });
    const outcome = await sender(port).send(outgoingEmail());
    expect(outcome).toEqual({ kind: "sent", providerMessageId: "4Y8Z1K2mXz" });
  });

  it("rejects an invalid recipient without connecting", async () => {
    const outcome = await sender(await freePort()).send(
      outgoingEmail({ to: { address: "user@example.com\r\nX-Injected: yes" } }),
    );
    expect(outcome.kind).toBe("permanent");
  });

  it("rejects a message for another channel", async () => {
    const rendered = {
      channel: "sms",
      from: "+15550001",
      to: "+15550002",
      body: "x",
      encoding: "GSM-7",
      segments: 1,
    } as const;
    const sms = { messageId: "msg_1", rendered };
    const outcome = await sender(await freePort()).send(sms);
    expect(outcome.kind).toBe("permanent");
  });
});

describe("SMTP sender headers on the wire", () => {
  it("sends an injected subject as one header", async () => {
    const { raw, parsed } = await sendAndParse({ subject: "Hi\r\nBcc: attacker@example.net" });
    expect(raw).toContain("\r\nSubject: Hi Bcc: attacker@example.net\r\n");
    expect(parsed.subject).toBe("Hi Bcc: attacker@example.net");
    expect(parsed.headers.has("bcc")).toBe(false);
  });

  it("rejects an injected reply-to address", async () => {
    const { port, received } = await start({ hideSTARTTLS: true });
    const message = outgoingEmail({ replyTo: { address: "user@example.com\r\nX-Injected: yes" } });
    const outcome = await sender(port).send(message);
    expect(outcome.kind).toBe("permanent");
    expect(received).toHaveLength(0);
  });

  it("sends a non-ASCII subject as UTF-8 encoded-words", async () => {
    const { raw, parsed } = await sendAndParse({ subject: "Partir Aux Amériques" });
    const headers = raw.slice(0, raw.indexOf("\r\n\r\n"));
    expect(headers).toMatch(/^[\u0020-\u007e\r\n]*$/);
    expect(headers).toContain("=C3=A9");
    expect(parsed.subject).toBe("Partir Aux Amériques");
  });

  it("quotes a sender name with a comma", async () => {
    const from = { address: "sender@example.com", name: "Doe, Sam" };
    const { raw, parsed } = await sendAndParse({ from });
    expect(raw).toContain('\r\nFrom: "Doe, Sam" <sender@example.com>\r\n');
    const parsedFrom = Array.isArray(parsed.from) ? parsed.from[0] : parsed.from;
    expect(parsedFrom?.value).toEqual([from]);
  });

  it("sends an international domain in punycode", async () => {
    // smtp-server decodes punycode in the envelope, so the header shows what went out.
    const { raw } = await sendAndParse({ to: { address: "jane@bücher.example" } });
    expect(raw).toContain("\r\nTo: jane@xn--bcher-kva.example\r\n");
  });
});

describe("SMTP sender security", () => {
  it("upgrades with STARTTLS", async () => {
    let secure = false;
    const { port, received } = await start({
      onMailFrom: (_, session, callback) => {
        secure = session.secure;
        callback();
      },
    });
    const outcome = await sender(port, { security: "starttls" }).send(outgoingEmail());
    expect(outcome.kind).toBe("sent");
    expect(secure).toBe(true);
    expect(received).toHaveLength(1);
  });

  it("connects with implicit TLS", async () => {
    const { port, received } = await start({ secure: true });
    const outcome = await sender(port, { security: "tls" }).send(outgoingEmail());
    expect(outcome.kind).toBe("sent");
    expect(received).toHaveLength(1);
  });

  it("fails when STARTTLS is required but not offered", async () => {
    let mailFromSeen = false;
    const { port, received } = await start({
      hideSTARTTLS: true,
      onMailFrom: (_, __, callback) => {
        mailFromSeen = true;
        callback();
      },
    });
    const outcome = await sender(port, { security: "starttls" }).send(outgoingEmail());
    expect(outcome.kind).toBe("permanent");
    expect(reasonOf(outcome)).toContain("does not offer STARTTLS");
    expect(mailFromSeen).toBe(false);
    expect(received).toHaveLength(0);
  });

  it("rejects a certificate for another host", async () => {
    const other = createSelfSignedCertificate("DNS:localhost,DNS:other.example");
    server = await startSmtpServer({ key: other.key, cert: other.cert });
    const trusting = createSmtpSender(
      { host: "127.0.0.1", port: server.port, security: "starttls", timeoutMs: 2_000 },
      createNodeSocketConnector({ ca: other.cert }),
    );
    const outcome = await trusting.send(outgoingEmail());
    expect(outcome.kind).toBe("retryable");
    expect(reasonOf(outcome)).toContain("127.0.0.1");
    expect(server.received).toHaveLength(0);
  });

  it("rejects an untrusted certificate", async () => {
    const { port, received } = await start({ secure: true });
    const untrusting = createSmtpSender(
      { host: "127.0.0.1", port, security: "tls", timeoutMs: 2_000 },
      createNodeSocketConnector(),
    );
    const outcome = await untrusting.send(outgoingEmail());
    expect(outcome.kind).toBe("retryable");
    expect(received).toHaveLength(0);
  });
});

describe("SMTP sender authentication", () => {
  function checkCredentials(methods: string[]): SMTPServerOptions {
    return {
      authMethods: methods,
      authOptional: false,
      onAuth: (auth, _, callback) => {
        const valid = auth.username === "herald" && auth.password === "s3cret pässword";
        if (valid) {
          callback(null, { user: `${auth.method}:${auth.username}` });
        } else {
          callback(smtpError(535, "Authentication credentials invalid"));
        }
      },
    };
  }

  it.each(["PLAIN", "LOGIN"])("authenticates with AUTH %s", async (method) => {
    let user: unknown;
    const { port } = await start({
      ...checkCredentials([method]),
      onMailFrom: (_, session, callback) => {
        user = session.user;
        callback();
      },
    });
    const password = "s3cret pässword";
    const config = { security: "starttls" as const, username: "herald", password };
    const outcome = await sender(port, config).send(outgoingEmail());
    expect(outcome.kind).toBe("sent");
    expect(user).toBe(`${method}:herald`);
  });

  it("reports rejected credentials as permanent", async () => {
    const { port, received } = await start(checkCredentials(["PLAIN"]));
    const config = { security: "starttls" as const, username: "herald", password: "wrong" };
    const outcome = await sender(port, config).send(outgoingEmail());
    expect(outcome.kind).toBe("permanent");
    expect(reasonOf(outcome)).toContain("535");
    expect(received).toHaveLength(0);
  });

  it("rejects a username without a password", () => {
    expect(() => sender(25, { username: "herald" })).toThrow("set both username and password");
  });
});

describe("SMTP sender outcomes", () => {
  it.each([421, 450, 451, 452, 454])("retries a %i reply", async (code) => {
    const onRcptTo = rejectWith(code, "Throttling failure");
    const { port } = await start({ hideSTARTTLS: true, onRcptTo });
    const outcome = await sender(port).send(outgoingEmail());
    expect(outcome.kind).toBe("retryable");
    expect(reasonOf(outcome)).toContain(`${code} Throttling failure`);
  });

  it("sends on the attempt after a 454", async () => {
    let replies = 0;
    const onRcptTo = (_: unknown, __: unknown, callback: (error?: Error | null) => void) => {
      replies += 1;
      callback(replies === 1 ? smtpError(454, "Throttling failure") : null);
    };
    const { port, received } = await start({ hideSTARTTLS: true, onRcptTo });

    const first = await sender(port).send(outgoingEmail());
    const second = await sender(port).send(outgoingEmail());

    expect(first.kind).toBe("retryable");
    expect(second.kind).toBe("sent");
    expect(received).toHaveLength(1);
  });

  it("fails a bad recipient permanently", async () => {
    const onRcptTo = rejectWith(550, "5.1.1 No such user");
    const { port } = await start({ hideSTARTTLS: true, onRcptTo });
    const outcome = await sender(port).send(outgoingEmail());
    const reason = "SMTP rcpt-to rejected: 550 5.1.1 No such user";
    expect(outcome).toEqual({ kind: "permanent", reason });
  });

  it("retries a 421 greeting", async () => {
    const { port } = await start({
      hideSTARTTLS: true,
      onConnect: (_, callback) => callback(smtpError(421, "Too many connections")),
    });
    const outcome = await sender(port).send(outgoingEmail());
    expect(outcome.kind).toBe("retryable");
  });

  it("retries a 451 after the final dot", async () => {
    const { port } = await start({
      hideSTARTTLS: true,
      onData: (stream, _, callback) =>
        drain(stream, () => callback(smtpError(451, "Try again later"))),
    });
    const outcome = await sender(port).send(outgoingEmail());
    expect(outcome.kind).toBe("retryable");
  });

  it("retries a refused connection", async () => {
    const outcome = await sender(await freePort()).send(outgoingEmail());
    expect(outcome.kind).toBe("retryable");
  });

  it("reports a stall after the final dot as unknown", async () => {
    const { port } = await start({
      hideSTARTTLS: true,
      onData: (stream) => drain(stream, () => undefined),
    });
    const started = Date.now();
    const outcome = await sender(port, { timeoutMs: 300 }).send(outgoingEmail());
    expect(outcome).toEqual({
      kind: "unknown",
      reason: "SMTP end-of-data timed out after 300 ms, so the server may have accepted the message",
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("SMTP sender on a dropped connection", () => {
  it("retries a disconnect before the final dot", async () => {
    const scripted = await startScriptedServer(async (peer) => {
      peer.send("220 ready\r\n");
      await peer.readLine();
      peer.destroy();
    });
    try {
      const outcome = await sender(scripted.port, { timeoutMs: 5_000 }).send(outgoingEmail());
      expect(outcome.kind).toBe("retryable");
    } finally {
      await scripted.close();
    }
  });

  it("reports a disconnect after the final dot as unknown", async () => {
    const scripted = await startScriptedServer(async (peer) => {
      await acceptUntilData(peer);
      await peer.readData();
      peer.destroy();
    });
    try {
      const started = Date.now();
      const outcome = await sender(scripted.port, { timeoutMs: 5_000 }).send(outgoingEmail());
      expect(outcome.kind).toBe("unknown");
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await scripted.close();
    }
  });
});
