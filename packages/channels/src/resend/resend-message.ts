import type { EmailAddress, RenderedEmail } from "@herald/core";
import { parseEmailAddress } from "../email/address.ts";
import { sanitizeHeaderText } from "../email/header-encoding.ts";
import { InvalidEmailError, withPreheader } from "../email/mime.ts";

/** The body of Resend's `POST /emails`, in the field names of its API reference. */
export interface ResendEmailBody {
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  reply_to?: string;
}

const ATOMS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?: [A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * Formats a mailbox as `Name <address>`, the form Resend documents for `from`. A name that is not
 * plain words is quoted, so `Doe, Sam` stays one name instead of two addresses, and line breaks
 * become spaces. The domain goes out in its ASCII form.
 */
export function formatResendMailbox(field: string, mailbox: EmailAddress): string {
  const parsed = parseEmailAddress(mailbox.address);
  if (!parsed.ok) {
    throw new InvalidEmailError(`${field}: ${parsed.reason}`);
  }
  const name = sanitizeHeaderText(mailbox.name ?? "");
  if (name === "") {
    return parsed.value.address;
  }
  const phrase = ATOMS.test(name) ? name : `"${name.replace(/[\\"]/g, "\\$&")}"`;
  return `${phrase} <${parsed.value.address}>`;
}

/**
 * Builds Resend's request body for a rendered email. The subject has its line breaks replaced
 * by spaces, like every header Herald writes.
 *
 * @throws InvalidEmailError when an address is invalid or the email has no body.
 */
export function buildResendBody(email: RenderedEmail): ResendEmailBody {
  if (email.html === undefined && email.text === undefined) {
    throw new InvalidEmailError("email has neither a text nor an html body");
  }
  const body: ResendEmailBody = {
    from: formatResendMailbox("from", email.from),
    to: [formatResendMailbox("to", email.to)],
    subject: sanitizeHeaderText(email.subject),
  };
  if (email.html !== undefined) {
    body.html = withPreheader(email.html, email.preheader);
  }
  if (email.text !== undefined) {
    body.text = email.text;
  }
  if (email.replyTo !== undefined) {
    body.reply_to = formatResendMailbox("replyTo", email.replyTo);
  }
  return body;
}
