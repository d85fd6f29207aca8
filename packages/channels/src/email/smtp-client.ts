import type { SecureTransport, SocketConnector } from "../socket.ts";
import {
  type SmtpCapabilities,
  type SmtpCredentials,
  authenticate,
  parseCapabilities,
} from "./smtp-auth.ts";
import { SmtpConnection } from "./smtp-connection.ts";
import { SmtpCapabilityError, SmtpError, SmtpReplyError } from "./smtp-errors.ts";
import type { SmtpReply } from "./smtp-reply.ts";

/**
 * `none` is plaintext, `starttls` upgrades with STARTTLS and fails when the server does not
 * offer it, and `tls` is TLS from the first byte (usually port 465).
 */
export type SmtpSecurity = "none" | "starttls" | "tls";

export const DEFAULT_SMTP_TIMEOUT_MS = 10_000;
// The outcome is known by the time of QUIT, so its reply is worth only a short wait.
const MAX_QUIT_WAIT_MS = 1_000;

export interface SmtpClientOptions {
  host: string;
  port: number;
  security: SmtpSecurity;
  auth?: SmtpCredentials;
  /** Maximum time in ms to wait for the connection, for each write and for each reply. */
  timeoutMs?: number;
  /** Maximum time in ms to wait for the reply to the final `.`, by default `timeoutMs`. */
  endOfDataTimeoutMs?: number;
  /** Name sent with EHLO, which should be this host's domain name. Default `localhost`. */
  heloName?: string;
}

/** Envelope addresses, ASCII and without angle brackets. */
export interface SmtpEnvelope {
  from: string;
  to: string[];
}

const TRANSPORTS: Record<SmtpSecurity, SecureTransport> = {
  none: "off",
  starttls: "starttls",
  tls: "on",
};

/**
 * Sends one message in its own SMTP session and returns the server's reply to the final `.`.
 * `message` is the RFC 5322 text, which must be ASCII. Dot-stuffing is done here.
 *
 * @throws SmtpError (a subclass of it) naming the stage that failed. A failure at stage
 *   `end-of-data` other than an SmtpReplyError means the message may have been accepted.
 */
export async function sendMail(
  connector: SocketConnector,
  options: SmtpClientOptions,
  envelope: SmtpEnvelope,
  message: string,
): Promise<SmtpReply> {
  checkCommandArguments(options, envelope);
  const timeoutMs = options.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS;
  const { host, port } = options;
  const address = { host, port, secureTransport: TRANSPORTS[options.security] };
  const connection = await SmtpConnection.open(connector, address, timeoutMs);
  try {
    await connection.readReply("greeting", [220]);
    await openSession(connection, options);
    const reply = await transfer(connection, options, envelope, message);
    await quit(connection, timeoutMs);
    return reply;
  } catch (error) {
    if (isSessionUsable(error)) {
      await quit(connection, timeoutMs);
    }
    throw error;
  } finally {
    await connection.close();
  }
}

async function openSession(connection: SmtpConnection, options: SmtpClientOptions) {
  const heloName = options.heloName ?? "localhost";
  let capabilities = await hello(connection, heloName);
  if (options.security === "starttls") {
    if (!capabilities.has("STARTTLS")) {
      const message = "SMTP server does not offer STARTTLS, which security starttls requires";
      throw new SmtpCapabilityError("starttls", message);
    }
    await connection.command("starttls", "STARTTLS", [220]);
    await connection.upgradeToTls();
    capabilities = await hello(connection, heloName);
  }
  if (options.auth) {
    await authenticate(connection, capabilities, options.auth);
  }
  return capabilities;
}

/** Sends EHLO, or HELO after a 5xx reply to EHLO, and returns the server extensions. */
async function hello(connection: SmtpConnection, heloName: string): Promise<SmtpCapabilities> {
  const reply = await connection.command("ehlo", `EHLO ${heloName}`);
  if (reply.code === 250) {
    return parseCapabilities(reply);
  }
  if (reply.code >= 500) {
    await connection.command("ehlo", `HELO ${heloName}`, [250]);
    return new Map();
  }
  throw new SmtpReplyError("ehlo", reply);
}

async function transfer(
  connection: SmtpConnection,
  options: SmtpClientOptions,
  envelope: SmtpEnvelope,
  message: string,
): Promise<SmtpReply> {
  await connection.command("mail-from", `MAIL FROM:<${envelope.from}>`, [250]);
  for (const recipient of envelope.to) {
    await connection.command("rcpt-to", `RCPT TO:<${recipient}>`, [250, 251]);
  }
  await connection.command("data", "DATA", [354]);
  await connection.write("data", dotStuff(message));
  // Once the final "." may have reached the server, it may accept the message at any moment.
  await connection.write("end-of-data", ".\r\n");
  return connection.readReply("end-of-data", [250], options.endOfDataTimeoutMs);
}

/** Normalizes line breaks to CRLF, doubles each leading `.` and ends the text with CRLF. */
export function dotStuff(message: string): string {
  const normalized = message.replace(/\r\n|\r|\n/g, "\r\n");
  const stuffed = normalized.replace(/^\./gm, "..");
  return stuffed.endsWith("\r\n") ? stuffed : `${stuffed}\r\n`;
}

function isSessionUsable(error: unknown): boolean {
  if (error instanceof SmtpReplyError) {
    // 421 means the server is closing the connection (RFC 5321, 3.8).
    return error.reply.code !== 421;
  }
  return error instanceof SmtpCapabilityError;
}

/** Ends the session politely. The message's outcome is already known, so errors are ignored. */
async function quit(connection: SmtpConnection, timeoutMs: number): Promise<void> {
  try {
    await connection.write("quit", "QUIT\r\n");
    await connection.readReply("quit", undefined, Math.min(timeoutMs, MAX_QUIT_WAIT_MS));
  } catch {
    // The caller closes the socket next.
  }
}

function checkCommandArguments(options: SmtpClientOptions, envelope: SmtpEnvelope): void {
  const values = [options.heloName ?? "", envelope.from, ...envelope.to];
  if (envelope.to.length === 0) {
    throw new SmtpError("rcpt-to", "invalid SMTP envelope: no recipient");
  }
  // A line break would end the command early and start another one.
  if (values.some((value) => /[\u0000-\u0020\u007f<>]/.test(value))) {
    const message =
      "invalid SMTP envelope address or HELO name: contains a space, control character or <>";
    throw new SmtpError("mail-from", message);
  }
}
