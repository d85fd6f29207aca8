import { afterEach, describe, expect, it } from "vitest";
import { createNodeSocketConnector } from "./node-socket.ts";
import { type SmtpClientOptions, dotStuff, sendMail } from "./smtp-client.ts";
import {
  SmtpConnectionError,
  SmtpError,
  SmtpProtocolError,
  SmtpReplyError,
  SmtpTimeoutError,
} from "./smtp-errors.ts";
import {
  type ScriptedPeer,
  type ScriptedServer,
  acceptUntilData,
  startScriptedServer,
} from "./test-support/scripted-server.ts";

const connector = createNodeSocketConnector();
const envelope = { from: "sender@example.com", to: ["jane@example.com"] };
const message = "Subject: test\r\n\r\nHello\r\n";

let server: ScriptedServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(script: (peer: ScriptedPeer) => Promise<void>) {
  server = await startScriptedServer(script);
  return server.port;
}

function options(port: number, overrides: Partial<SmtpClientOptions> = {}): SmtpClientOptions {
  return { host: "127.0.0.1", port, security: "none", timeoutMs: 2_000, ...overrides };
}

function send(port: number, overrides: Partial<SmtpClientOptions> = {}) {
  return sendMail(connector, options(port, overrides), envelope, message);
}

async function failure(promise: Promise<unknown>): Promise<SmtpError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SmtpError);
  return error as SmtpError;
}

describe("sendMail", () => {
  it("reads multi-line replies", async () => {
    const port = await start(async (peer) => {
      peer.send("220-scripted ESMTP\r\n220-second line\r\n220 ready\r\n");
      await peer.readLine();
      peer.send("250-scripted\r\n250-SIZE 1000000\r\n250 8BITMIME\r\n");
      await acceptTransaction(peer, "250-2.0.0 Ok\r\n250 2.0.0 queued as ABC\r\n");
    });
    const reply = await sendMail(connector, options(port), envelope, message);
    expect(reply.code).toBe(250);
    expect(reply.lines).toEqual(["2.0.0 Ok", "2.0.0 queued as ABC"]);
  });

  it("falls back to HELO", async () => {
    const commands: string[] = [];
    const port = await start(async (peer) => {
      peer.send("220 old server\r\n");
      commands.push(await peer.readLine());
      peer.send("502 command not implemented\r\n");
      commands.push(await peer.readLine());
      peer.send("250 hello\r\n");
      await acceptTransaction(peer, "250 ok\r\n");
    });
    await sendMail(connector, options(port, { heloName: "mail.example.com" }), envelope, message);
    expect(commands).toEqual(["EHLO mail.example.com", "HELO mail.example.com"]);
  });

  it("dot-stuffs lines that start with a dot", async () => {
    let data = "";
    const port = await start(async (peer) => {
      await acceptUntilData(peer);
      data = await peer.readData();
      peer.send("250 ok\r\n");
      await peer.readLine();
      peer.send("221 bye\r\n");
    });
    await sendMail(connector, options(port), envelope, "Subject: x\r\n\r\n.\r\n..two\r\nend");
    expect(data).toBe("Subject: x\r\n\r\n..\r\n...two\r\nend\r\n");
  });

  it("fails when the server closes mid-session", async () => {
    const port = await start(async (peer) => {
      peer.send("220 ready\r\n");
      await peer.readLine();
      peer.send("250 ok\r\n");
      await peer.readLine();
      peer.destroy();
    });
    const started = Date.now();
    const error = await failure(send(port, { timeoutMs: 5_000 }));
    expect(error).toBeInstanceOf(SmtpConnectionError);
    expect(error.stage).toBe("mail-from");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("times out when the greeting stalls", async () => {
    const port = await start(async () => undefined);
    const started = Date.now();
    const error = await failure(send(port, { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(SmtpTimeoutError);
    expect(error.stage).toBe("greeting");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("times out after the final dot", async () => {
    const port = await start(async (peer) => {
      await acceptUntilData(peer);
      await peer.readData();
    });
    const error = await failure(send(port, { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(SmtpTimeoutError);
    expect(error.stage).toBe("end-of-data");
  });

  it("uses the end-of-data timeout for the final reply", async () => {
    const port = await start(async (peer) => {
      await acceptUntilData(peer);
      await peer.readData();
      await new Promise((resolve) => setTimeout(resolve, 400));
      peer.send("250 ok\r\n");
      await peer.readLine();
      peer.send("221 bye\r\n");
    });
    const slowServer = options(port, { timeoutMs: 200, endOfDataTimeoutMs: 2_000 });
    const reply = await sendMail(connector, slowServer, envelope, message);
    expect(reply.code).toBe(250);
  });

  it("fails when the server closes after the final dot", async () => {
    const port = await start(async (peer) => {
      await acceptUntilData(peer);
      await peer.readData();
      peer.destroy();
    });
    const error = await failure(send(port));
    expect(error).toBeInstanceOf(SmtpConnectionError);
    expect(error.stage).toBe("end-of-data");
  });

  it("rejects a malformed reply", async () => {
    const port = await start(async (peer) => {
      peer.send("hello there\r\n");
      await peer.readLine();
    });
    const error = await failure(send(port));
    expect(error).toBeInstanceOf(SmtpProtocolError);
  });

  it("rejects a reply whose code changes mid-reply", async () => {
    const port = await start(async (peer) => {
      peer.send("220-ready\r\n250 ok\r\n");
      await peer.readLine();
    });
    const error = await failure(send(port));
    expect(error).toBeInstanceOf(SmtpProtocolError);
  });

  it("rejects data sent before the TLS handshake", async () => {
    const port = await start(async (peer) => {
      peer.send("220 ready\r\n");
      await peer.readLine();
      peer.send("250-scripted\r\n250 STARTTLS\r\n");
      await peer.readLine();
      peer.send("220 go ahead\r\n250 injected\r\n");
      await peer.readLine();
    });
    const error = await failure(send(port, { security: "starttls" }));
    expect(error).toBeInstanceOf(SmtpProtocolError);
    expect(error.stage).toBe("starttls");
  });

  it("reports the rejected command", async () => {
    const port = await start(async (peer) => {
      peer.send("220 ready\r\n");
      await peer.readLine();
      peer.send("250 ok\r\n");
      await peer.readLine();
      peer.send("250 ok\r\n");
      await peer.readLine();
      peer.send("550 5.1.1 no such user\r\n");
      await peer.readLine();
      peer.send("221 bye\r\n");
    });
    const error = await failure(send(port));
    expect(error).toBeInstanceOf(SmtpReplyError);
    expect(error.stage).toBe("rcpt-to");
    expect(error.message).toBe("SMTP rcpt-to rejected: 550 5.1.1 no such user");
  });

  it("rejects an envelope address with a line break", async () => {
    const injected = { from: "sender@example.com", to: ["jane@example.com>\r\nDATA"] };
    const error = await failure(sendMail(connector, options(1), injected, message));
    expect(error.message).toContain("invalid SMTP envelope");
  });
});

describe("dotStuff", () => {
  it("ends the message with CRLF", () => {
    expect(dotStuff("a\nb")).toBe("a\r\nb\r\n");
  });

  it("doubles a dot at the start", () => {
    expect(dotStuff(".a")).toBe("..a\r\n");
  });
});

async function acceptTransaction(peer: ScriptedPeer, endOfDataReply: string): Promise<void> {
  await peer.readLine();
  peer.send("250 sender ok\r\n");
  await peer.readLine();
  peer.send("250 recipient ok\r\n");
  await peer.readLine();
  peer.send("354 go ahead\r\n");
  await peer.readData();
  peer.send(endOfDataReply);
  await peer.readLine();
  peer.send("221 bye\r\n");
}
