import type { ByteSocket, SecureTransport, SocketConnector } from "../socket.ts";
import {
  SmtpConnectionError,
  SmtpProtocolError,
  SmtpReplyError,
  type SmtpStage,
  SmtpTimeoutError,
} from "./smtp-errors.ts";
import { type SmtpReply, SmtpReplyReader, describe } from "./smtp-reply.ts";

const encoder = new TextEncoder();

/**
 * One SMTP connection: timed writes and reply reads over a ByteSocket. A step that times out
 * closes the socket, so a late reply can never be taken for the reply to a later command.
 */
export class SmtpConnection {
  private reader: SmtpReplyReader;
  private writer: WritableStreamDefaultWriter<Uint8Array>;
  private closed = false;

  private constructor(
    private socket: ByteSocket,
    private readonly timeoutMs: number,
  ) {
    this.reader = new SmtpReplyReader(socket.readable.getReader());
    this.writer = socket.writable.getWriter();
  }

  /**
   * Connects and waits for the connection to open, at most `timeoutMs`.
   *
   * @throws SmtpConnectionError or SmtpTimeoutError, at stage `connect`.
   */
  static async open(
    connector: SocketConnector,
    address: { host: string; port: number; secureTransport: SecureTransport },
    timeoutMs: number,
  ): Promise<SmtpConnection> {
    const { host, port, secureTransport } = address;
    const socket = connector.connect(host, port, { secureTransport });
    const connection = new SmtpConnection(socket, timeoutMs);
    try {
      await connection.withTimeout("connect", timeoutMs, connection.opened("connect"));
    } catch (error) {
      await connection.close();
      throw error;
    }
    return connection;
  }

  /** Reads one reply and checks its code when `expected` is given. */
  async readReply(stage: SmtpStage, expected?: number[], timeoutMs = this.timeoutMs) {
    const reply = await this.withTimeout(stage, timeoutMs, this.reader.readReply(stage));
    return checkReply(stage, reply, expected);
  }

  /** Writes `text`, which must be ASCII, waiting at most the timeout for the socket to take it. */
  async write(stage: SmtpStage, text: string): Promise<void> {
    const written = this.writer.write(encoder.encode(text)).catch((error: unknown) => {
      const message = `SMTP ${stage} write failed: ${describe(error)}`;
      throw new SmtpConnectionError(stage, message, { cause: error });
    });
    await this.withTimeout(stage, this.timeoutMs, written);
  }

  /** Sends one command line and reads its reply, checking the code when `expected` is given. */
  async command(stage: SmtpStage, line: string, expected?: number[]): Promise<SmtpReply> {
    await this.write(stage, `${line}\r\n`);
    return this.readReply(stage, expected);
  }

  /**
   * Switches the connection to TLS after the server's 220 reply to STARTTLS.
   *
   * @throws SmtpProtocolError when the server sent more data before the handshake, because
   *   an attacker on the path could have injected it into the plaintext stream.
   */
  async upgradeToTls(): Promise<void> {
    if (this.reader.hasBufferedData()) {
      throw new SmtpProtocolError("starttls", "SMTP server sent data before the TLS handshake");
    }
    this.reader.releaseLock();
    this.writer.releaseLock();
    this.socket = this.socket.startTls();
    this.reader = new SmtpReplyReader(this.socket.readable.getReader());
    this.writer = this.socket.writable.getWriter();
    await this.withTimeout("starttls", this.timeoutMs, this.opened("starttls"));
  }

  /**
   * Closes the socket, once. Errors are ignored and the wait is capped at the timeout, because
   * the outcome of a send never depends on how the close goes.
   */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    const closing = this.socket.close().catch(() => undefined);
    await this.withTimeout("connect", this.timeoutMs, closing).catch(() => undefined);
  }

  private opened(stage: SmtpStage): Promise<void> {
    return this.socket.opened.catch((error: unknown) => {
      const message = `SMTP ${stage} failed: ${describe(error)}`;
      throw new SmtpConnectionError(stage, message, { cause: error });
    });
  }

  private async withTimeout<T>(stage: SmtpStage, ms: number, operation: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new SmtpTimeoutError(stage, `SMTP ${stage} timed out after ${ms} ms`));
        void this.close();
      }, ms);
    });
    try {
      return await Promise.race([operation, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function checkReply(stage: SmtpStage, reply: SmtpReply, expected?: number[]): SmtpReply {
  if (expected && !expected.includes(reply.code)) {
    throw new SmtpReplyError(stage, reply);
  }
  return reply;
}
