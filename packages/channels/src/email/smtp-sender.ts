import type { OutgoingMessage, SendOutcome, Sender } from "@herald/core";
import type { SocketConnector } from "../socket.ts";
import { toAsciiDomain } from "./address.ts";
import { InvalidEmailError, type MimeMessage, buildMimeMessage } from "./mime.ts";
import { type SmtpClientOptions, type SmtpSecurity, sendMail } from "./smtp-client.ts";
import { classifySmtpError, extractQueueId } from "./smtp-outcome.ts";

export interface SmtpSenderConfig {
  host: string;
  port: number;
  security: SmtpSecurity;
  /** AUTH user name. Set together with `password`, or not at all. */
  username?: string;
  password?: string;
  /** Maximum time in ms to wait for the connection and for each reply, by default 10,000. */
  timeoutMs?: number;
  /**
   * Maximum time in ms to wait for the reply to the final `.`, by default `timeoutMs`. RFC 5321
   * (4.5.3.2.6) lets a server take up to 10 minutes here, and a send that times out at this step
   * is `unknown`, so raise it for a slow relay.
   */
  endOfDataTimeoutMs?: number;
  /** Name sent with EHLO, which should be this host's domain name. Default `localhost`. */
  heloName?: string;
  /** Right-hand side of each Message-ID, by default `herald.local`. */
  messageIdDomain?: string;
}

/**
 * Creates a Sender that delivers email over SMTP, one session per message.
 *
 * The outcome is `sent` with the server's queue id, or the Message-ID when the reply has none.
 * A 4xx reply or a failure before the final `.` is `retryable`, a 5xx reply is `permanent`, and
 * a timeout or disconnect after the final `.` is `unknown`. The Message-ID is the same for each
 * attempt at one message, so a repeat can be recognized.
 *
 * @example
 * const sender = createSmtpSender(
 *   { host: "smtp.example.com", port: 587, security: "starttls", username, password },
 *   createWorkersSocketConnector(connect),
 * );
 * const outcome = await sender.send({ messageId: "msg_123", rendered });
 */
export function createSmtpSender(config: SmtpSenderConfig, connector: SocketConnector): Sender {
  const clientOptions = toClientOptions(config);
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const built = buildMessage(message, config.messageIdDomain);
      if (!built.ok) {
        return { kind: "permanent", reason: built.reason };
      }
      const { envelope, raw, messageIdHeader } = built.mime;
      try {
        const reply = await sendMail(connector, clientOptions, envelope, raw);
        return { kind: "sent", providerMessageId: extractQueueId(reply.text) ?? messageIdHeader };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
  };
}

type BuildResult = { ok: true; mime: MimeMessage } | { ok: false; reason: string };

function buildMessage(message: OutgoingMessage, messageIdDomain?: string): BuildResult {
  const { rendered } = message;
  if (rendered.channel !== "email") {
    return { ok: false, reason: `SMTP sender cannot send a ${rendered.channel} message` };
  }
  try {
    const mime = buildMimeMessage(rendered, { messageId: message.messageId, messageIdDomain });
    return { ok: true, mime };
  } catch (error) {
    if (error instanceof InvalidEmailError) {
      return { ok: false, reason: error.message };
    }
    throw error;
  }
}

function toClientOptions(config: SmtpSenderConfig): SmtpClientOptions {
  const { username, password } = config;
  if ((username === undefined) !== (password === undefined)) {
    throw new TypeError("invalid SMTP config: set both username and password, or neither");
  }
  const domain = config.messageIdDomain;
  if (domain !== undefined && !toAsciiDomain(domain).ok) {
    const value = JSON.stringify(domain);
    throw new TypeError(`invalid SMTP config: messageIdDomain ${value} is not a domain name`);
  }
  return {
    host: config.host,
    port: config.port,
    security: config.security,
    auth: username !== undefined && password !== undefined ? { username, password } : undefined,
    timeoutMs: config.timeoutMs,
    endOfDataTimeoutMs: config.endOfDataTimeoutMs,
    heloName: config.heloName,
  };
}
