// Runtime-neutral email exports. The Node socket connector lives in ./node-socket.ts, so that a
// Worker bundle that imports this module never pulls in node:net.
export {
  type EmailAddressResult,
  type ParsedEmailAddress,
  isValidEmailAddress,
  parseEmailAddress,
  toAsciiDomain,
} from "./address.ts";
export {
  DEFAULT_MESSAGE_ID_DOMAIN,
  InvalidEmailError,
  type MimeMessage,
  type MimeOptions,
  buildMimeMessage,
  formatMessageId,
} from "./mime.ts";
export {
  DEFAULT_SMTP_TIMEOUT_MS,
  type SmtpClientOptions,
  type SmtpEnvelope,
  type SmtpSecurity,
  sendMail,
} from "./smtp-client.ts";
export type { SmtpCredentials } from "./smtp-auth.ts";
export * from "./smtp-errors.ts";
export type { SmtpReply } from "./smtp-reply.ts";
export { classifySmtpError, extractQueueId } from "./smtp-outcome.ts";
export { type SmtpSenderConfig, createSmtpSender } from "./smtp-sender.ts";
export {
  type WorkersConnect,
  type WorkersSocket,
  createWorkersSocketConnector,
} from "./workers-socket.ts";
