import type { SmtpReply } from "./smtp-reply.ts";

/**
 * The step of an SMTP session. `end-of-data` starts when the final `.` is written, so a failure
 * there may come after the server accepted the message.
 */
export type SmtpStage =
  | "connect"
  | "greeting"
  | "ehlo"
  | "starttls"
  | "auth"
  | "mail-from"
  | "rcpt-to"
  | "data"
  | "end-of-data"
  | "quit";

/** Base class of every error the SMTP client throws. */
export class SmtpError extends Error {
  override name = "SmtpError";

  constructor(
    readonly stage: SmtpStage,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server replied with a code other than the one the step expects. */
export class SmtpReplyError extends SmtpError {
  override name = "SmtpReplyError";

  constructor(
    stage: SmtpStage,
    readonly reply: SmtpReply,
  ) {
    super(stage, `SMTP ${stage} rejected: ${reply.code} ${reply.text}`.trim());
  }
}

/** The connection failed, or the server closed it, during a step. */
export class SmtpConnectionError extends SmtpError {
  override name = "SmtpConnectionError";
}

/** The server did not reply within the step's timeout. */
export class SmtpTimeoutError extends SmtpError {
  override name = "SmtpTimeoutError";
}

/** The server sent something that is not valid SMTP, or plaintext data after STARTTLS. */
export class SmtpProtocolError extends SmtpError {
  override name = "SmtpProtocolError";
}

/**
 * The server lacks an extension the configuration requires, such as STARTTLS or AUTH. It fails
 * before anything is sent, and retrying will not help until the server or the settings change.
 */
export class SmtpCapabilityError extends SmtpError {
  override name = "SmtpCapabilityError";
}
