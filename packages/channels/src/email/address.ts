/** An email address in the form it goes out on the wire. */
export interface ParsedEmailAddress {
  /** `localPart@domain`, pure ASCII. */
  address: string;
  localPart: string;
  /** The domain in lowercase ASCII, with international names in punycode (`xn--…`). */
  domain: string;
}

export type EmailAddressResult =
  | { ok: true; value: ParsedEmailAddress }
  | { ok: false; reason: string };

export type DomainResult = { ok: true; value: string } | { ok: false; reason: string };

// C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`);
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// ASCII characters that cannot appear in a domain name, Unicode or not.
const ASCII_OUTSIDE_DOMAIN = /[\u0000-\u002c\u002f\u003a-\u0040\u005b-\u0060\u007b-\u007f]/;

const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_DOMAIN_LENGTH = 253;

/**
 * Parses an address such as `jane@example.com` or `jane@bücher.example`.
 *
 * Accepted: a dot-atom local part (RFC 5322) in ASCII, and a domain of two or more labels,
 * which is converted to punycode. Rejected: control characters and line breaks anywhere,
 * whitespace, quoted local parts, non-ASCII local parts (they need SMTPUTF8), IP literals,
 * and addresses over the length limits of RFC 5321. Input is not trimmed.
 */
export function parseEmailAddress(input: string): EmailAddressResult {
  if (CONTROL_CHARACTER.test(input)) {
    return invalid("contains a control character or line break");
  }
  const at = input.lastIndexOf("@");
  if (at < 1 || at === input.length - 1) {
    return invalid("must have the form local-part@domain");
  }

  const localPart = input.slice(0, at);
  const localProblem = checkLocalPart(localPart);
  if (localProblem) {
    return invalid(localProblem);
  }

  const domain = toAsciiDomain(input.slice(at + 1));
  if (!domain.ok) {
    return invalid(domain.reason);
  }

  const address = `${localPart}@${domain.value}`;
  if (address.length > MAX_ADDRESS_LENGTH) {
    return invalid(`is longer than ${MAX_ADDRESS_LENGTH} characters`);
  }
  return { ok: true, value: { address, localPart, domain: domain.value } };
}

export function isValidEmailAddress(input: string): boolean {
  return parseEmailAddress(input).ok;
}

/**
 * Converts a domain name to lowercase ASCII, with international labels in punycode, and checks
 * that it is a host name of two or more labels whose last label is not numeric.
 */
export function toAsciiDomain(domain: string): DomainResult {
  if (CONTROL_CHARACTER.test(domain) || ASCII_OUTSIDE_DOMAIN.test(domain)) {
    return { ok: false, reason: "domain contains a character not allowed in a domain name" };
  }

  // The WHATWG URL parser applies IDNA (UTS #46) in both Node and workerd.
  let ascii: string;
  try {
    ascii = new URL(`http://${domain}`).hostname;
  } catch {
    return { ok: false, reason: "domain is not a valid international domain name" };
  }

  const labels = ascii.split(".");
  if (ascii.length > MAX_DOMAIN_LENGTH || labels.length < 2) {
    return { ok: false, reason: "domain must be a host name such as example.com" };
  }
  if (!labels.every((label) => LABEL.test(label)) || /^[0-9]+$/.test(labels.at(-1) ?? "")) {
    return { ok: false, reason: "domain must be a host name such as example.com" };
  }
  return { ok: true, value: ascii };
}

function checkLocalPart(localPart: string): string | undefined {
  if (localPart.length > MAX_LOCAL_PART_LENGTH) {
    return `local part is longer than ${MAX_LOCAL_PART_LENGTH} characters`;
  }
  if (/[^\u0000-\u007f]/.test(localPart)) {
    return "local part must be ASCII, because non-ASCII addresses need SMTPUTF8";
  }
  if (!DOT_ATOM.test(localPart)) {
    return "local part contains a character or dot sequence that is not allowed";
  }
  return undefined;
}

function invalid(reason: string): EmailAddressResult {
  return { ok: false, reason: `invalid email address: ${reason}` };
}
