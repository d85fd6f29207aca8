import { SmtpConnectionError, SmtpProtocolError, type SmtpStage } from "./smtp-errors.ts";

/** One SMTP reply, which may span several lines (RFC 5321, 4.2). */
export interface SmtpReply {
  code: number;
  /** The text after the code on each line. */
  lines: string[];
  /** The lines joined with spaces. */
  text: string;
}

// RFC 5321 allows 512 octets per reply line. Longer lines are tolerated up to this limit.
const MAX_LINE_LENGTH = 4096;
const MAX_REPLY_LINES = 200;
const REPLY_LINE = /^([2-5][0-9]{2})([ -]?)(.*)$/;

/** Reads CRLF-terminated SMTP replies from a byte stream. */
export class SmtpReplyReader {
  private buffer = "";
  private readonly decoder = new TextDecoder();

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** Returns true when bytes after the last reply were received but not read yet. */
  hasBufferedData(): boolean {
    return this.buffer.length > 0;
  }

  releaseLock(): void {
    this.reader.releaseLock();
  }

  /**
   * Reads the next complete reply.
   *
   * @throws SmtpConnectionError when the stream ends or fails first.
   * @throws SmtpProtocolError when a line is not a reply line or the code changes mid-reply.
   */
  async readReply(stage: SmtpStage): Promise<SmtpReply> {
    const lines: string[] = [];
    let code: number | undefined;

    for (;;) {
      const line = await this.readLine(stage);
      const match = REPLY_LINE.exec(line);
      if (!match || (code !== undefined && Number(match[1]) !== code)) {
        throw new SmtpProtocolError(stage, `invalid SMTP reply line: ${JSON.stringify(line)}`);
      }
      code = Number(match[1]);
      lines.push(match[3] ?? "");
      if (match[2] !== "-") {
        return { code, lines, text: lines.join(" ").trim() };
      }
      if (lines.length >= MAX_REPLY_LINES) {
        throw new SmtpProtocolError(stage, `SMTP reply has more than ${MAX_REPLY_LINES} lines`);
      }
    }
  }

  private async readLine(stage: SmtpStage): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf("\n");
      if (end >= 0) {
        const line = this.buffer.slice(0, end).replace(/\r$/, "");
        this.buffer = this.buffer.slice(end + 1);
        return line;
      }
      if (this.buffer.length > MAX_LINE_LENGTH) {
        const message = `SMTP reply line is longer than ${MAX_LINE_LENGTH} bytes`;
        throw new SmtpProtocolError(stage, message);
      }
      this.buffer += await this.readChunk(stage);
    }
  }

  private async readChunk(stage: SmtpStage): Promise<string> {
    const result = await this.reader.read().catch((error: unknown) => {
      const message = `SMTP ${stage} failed: ${describe(error)}`;
      throw new SmtpConnectionError(stage, message, { cause: error });
    });
    if (result.done) {
      throw new SmtpConnectionError(stage, `SMTP server closed the connection during ${stage}`);
    }
    return this.decoder.decode(result.value, { stream: true });
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
