import {
  isSupportedCountry,
  ParseError,
  parsePhoneNumberWithError,
  type CountryCode,
  type PhoneNumber,
} from "libphonenumber-js";

/** The reason an identity or address was rejected. */
export type IdentityErrorCode =
  | "INVALID_EMAIL"
  | "INVALID_PHONE"
  | "INVALID_IDENTITY"
  | "INVALID_REGION";

/** An identity or address that cannot be normalized, with the raw value that was rejected. */
export class IdentityError extends Error {
  override readonly name = "IdentityError";
  readonly code: IdentityErrorCode;
  readonly value: string;

  constructor(code: IdentityErrorCode, value: string, message: string) {
    super(message);
    this.code = code;
    this.value = value;
  }
}

/** Options for normalizing an identity. */
export interface NormalizeIdentityOptions {
  /** ISO 3166-1 alpha-2 region, such as `US`, for phone numbers written without a leading `+`. */
  defaultRegion?: string;
}

/** Maximum length, in code points, of an identity outside the `email` and `phone` namespaces. */
export const MAX_IDENTITY_LENGTH = 256;

/** Maximum length of an email address (RFC 5321 path limit minus the angle brackets). */
const MAX_EMAIL_LENGTH = 254;
/** Maximum length of the local part (RFC 5321, section 4.5.3.1.1). */
const MAX_LOCAL_PART_LENGTH = 64;
/** Maximum length of a domain name in its ASCII form (RFC 1035, without the trailing dot). */
const MAX_DOMAIN_LENGTH = 253;

const CONTROL_CHARACTER = /\p{Cc}/u;
/** An RFC 5322 dot-atom: atext runs separated by single dots. */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** A DNS label in letter-digit-hyphen form, 1 to 63 characters. */
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** ASCII characters other than letters, digits, `.` and `-`, which no domain may contain. */
const FORBIDDEN_DOMAIN_ASCII = /[\u0000-\u002c\u002f\u003a-\u0040\u005b-\u0060\u007b-\u007f]/;
const PHONE_CHARACTERS = /^\+?[0-9 ().-]+$/;
/** Maximum code points of a rejected value shown in an error message. */
const MAX_QUOTED_LENGTH = 100;

/**
 * Normalizes an email address for sending: trims it, lowercases the domain and converts an
 * international domain to its ASCII (punycode) form. The local part keeps its case.
 *
 * Only dot-atom local parts are accepted. Quoted local parts and non-ASCII local parts
 * (SMTPUTF8) are rejected because many providers cannot deliver to them.
 *
 * @throws IdentityError with code `INVALID_EMAIL` when the address is malformed or contains a
 *   space, line break or other control character.
 */
export function normalizeEmail(raw: string): string {
  const value = raw.trim();
  const fail = (reason: string) => invalidEmail(raw, reason);
  if (CONTROL_CHARACTER.test(value)) {
    throw fail("it contains a line break or another control character");
  }
  if (/\s/.test(value)) {
    throw fail("it contains a space");
  }
  const parts = value.split("@");
  if (parts.length !== 2) {
    throw fail(`it must contain exactly one "@", not ${parts.length - 1}`);
  }
  const [localPart = "", domain = ""] = parts;
  checkLocalPart(localPart, fail);
  const address = `${localPart}@${normalizeDomain(domain, fail)}`;
  if (address.length > MAX_EMAIL_LENGTH) {
    throw fail(`it is longer than ${MAX_EMAIL_LENGTH} characters`);
  }
  return address;
}

/**
 * Normalizes a phone number to E.164, such as `+15555550100`. A number without a leading `+`
 * is read in `defaultRegion`.
 *
 * The check is length-based (libphonenumber's "possible"), not "valid": a number with a
 * plausible length for its country is accepted even when that range is not assigned, and any
 * other number is rejected rather than guessed at.
 *
 * @throws IdentityError with code `INVALID_PHONE` for an impossible or malformed number, or
 *   `INVALID_REGION` when `defaultRegion` is not a supported region code.
 */
export function normalizePhone(raw: string, defaultRegion?: string): string {
  const value = raw.trim();
  const region = defaultRegion === undefined ? undefined : parseRegion(defaultRegion);
  if (value === "") {
    throw invalidPhone(raw, "it is empty");
  }
  if (!PHONE_CHARACTERS.test(value)) {
    const reason = 'it may contain only digits, spaces, "(", ")", ".", "-" and a leading "+"';
    throw invalidPhone(raw, reason);
  }
  if (!value.startsWith("+") && region === undefined) {
    const reason = 'it has no country code and no default region is set, so add "+" and the code';
    throw invalidPhone(raw, reason);
  }
  const phone = parsePhone(raw, value, region);
  if (!phone.isPossible()) {
    throw invalidPhone(raw, `it has the wrong number of digits for +${phone.countryCallingCode}`);
  }
  return phone.number;
}

/**
 * Normalizes an identity value to the form profiles are stored and looked up by.
 *
 * - `email`: as `normalizeEmail`, then fully lowercased, so `User@Example.com` and
 *   `user@example.com` find the same profile. The address used for sending comes from
 *   `normalizeEmail` and keeps the local part's case.
 * - `phone`: E.164, as `normalizePhone` with `options.defaultRegion`.
 * - `ecid`: as `normalizeEcid`.
 * - Any other namespace: trimmed, non-empty, at most `MAX_IDENTITY_LENGTH` code
 *   points and free of control characters, otherwise kept exactly.
 *
 * Namespaces are matched case-insensitively, so `Email` is normalized as an email too.
 *
 * @throws IdentityError with code `INVALID_EMAIL`, `INVALID_PHONE`, `INVALID_REGION` or
 *   `INVALID_IDENTITY`.
 */
export function normalizeIdentity(
  namespace: string,
  raw: string,
  options: NormalizeIdentityOptions = {},
): string {
  switch (namespace.toLowerCase()) {
    case "email":
      return normalizeEmail(raw).toLowerCase();
    case "phone":
      return normalizePhone(raw, options.defaultRegion);
    case "ecid":
      return normalizeEcid(raw);
    default:
      return normalizeOpaqueIdentity(namespace, raw);
  }
}

/** The largest value of a signed 64-bit integer, as 19 digits. */
const MAX_INT64_DIGITS = "9223372036854775807";

/**
 * Normalizes an Experience Cloud ID: trims it and checks that it is 38 ASCII digits whose two
 * 19-digit halves each fit a signed 64-bit integer. Adobe Experience Platform rejects any other
 * ECID at ingestion (Experience League article "Invalid ECID error while ingesting in AEP").
 *
 * @throws IdentityError with code `INVALID_IDENTITY`.
 */
export function normalizeEcid(raw: string): string {
  const value = raw.trim();
  const fail = (reason: string) =>
    new IdentityError("INVALID_IDENTITY", raw, `Invalid ECID ${quote(raw)}: ${reason}.`);
  if (!/^[0-9]{38}$/.test(value)) {
    throw fail(`it must be exactly 38 digits, not ${[...value].length} characters`);
  }
  for (const half of [value.slice(0, 19), value.slice(19)]) {
    // Strings of equal length compare as their numbers do.
    if (half > MAX_INT64_DIGITS) {
      throw fail(`each 19-digit half must be at most ${MAX_INT64_DIGITS}, and ${half} is larger`);
    }
  }
  return value;
}

function normalizeOpaqueIdentity(namespace: string, raw: string): string {
  const value = raw.trim();
  const fail = (reason: string) =>
    new IdentityError(
      "INVALID_IDENTITY",
      raw,
      `Invalid identity ${quote(raw)} in namespace "${namespace}": ${reason}.`,
    );
  if (value === "") {
    throw fail("it is empty, so send the recipient's id");
  }
  if ([...value].length > MAX_IDENTITY_LENGTH) {
    throw fail(`it is longer than ${MAX_IDENTITY_LENGTH} characters, so send a shorter id`);
  }
  if (CONTROL_CHARACTER.test(value)) {
    throw fail("it contains a line break or another control character, so remove it");
  }
  return value;
}

function checkLocalPart(localPart: string, fail: (reason: string) => IdentityError): void {
  if (localPart === "") {
    throw fail('the part before "@" is empty');
  }
  if (localPart.length > MAX_LOCAL_PART_LENGTH) {
    throw fail(`the part before "@" is longer than ${MAX_LOCAL_PART_LENGTH} characters`);
  }
  if (!DOT_ATOM.test(localPart)) {
    throw fail(
      'the part before "@" may contain only ASCII letters, digits and !#$%&\'*+/=?^_`{|}~- ' +
        "with single dots between them",
    );
  }
}

/** Lowercases a domain, converts it to ASCII with the WHATWG URL parser, and checks its labels. */
function normalizeDomain(domain: string, fail: (reason: string) => IdentityError): string {
  const lowercased = domain.toLowerCase();
  if (lowercased === "") {
    throw fail('the domain after "@" is empty');
  }
  // The URL parser would accept ports, paths and IPv4 shorthand, so those characters are
  // rejected before it runs.
  if (FORBIDDEN_DOMAIN_ASCII.test(lowercased)) {
    throw fail("the domain may contain only letters, digits, hyphens and dots");
  }
  const ascii = toAsciiHostname(lowercased, fail);
  checkDomainLabels(ascii, fail);
  return ascii;
}

function toAsciiHostname(domain: string, fail: (reason: string) => IdentityError): string {
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    throw fail("the domain is not a valid international domain name");
  }
}

function checkDomainLabels(ascii: string, fail: (reason: string) => IdentityError): void {
  if (ascii.length > MAX_DOMAIN_LENGTH) {
    throw fail(`the domain is longer than ${MAX_DOMAIN_LENGTH} characters`);
  }
  const labels = ascii.split(".");
  if (labels.length < 2) {
    throw fail('the domain needs at least one dot, as in "example.com"');
  }
  if (!labels.every((label) => LDH_LABEL.test(label))) {
    throw fail(
      "each part of the domain between dots must be 1 to 63 letters, digits or hyphens, " +
        "not starting or ending with a hyphen",
    );
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? "")) {
    throw fail("the domain must be a name, not an IP address");
  }
}

function invalidEmail(raw: string, reason: string): IdentityError {
  const message =
    `Invalid email address ${quote(raw)}: ${reason}. ` +
    "Send an address such as name@example.com.";
  return new IdentityError("INVALID_EMAIL", raw, message);
}

/** Returns whether libphonenumber-js has metadata for an ISO 3166-1 alpha-2 region code. */
export function isSupportedRegion(region: string): boolean {
  return isSupportedCountry(region.trim().toUpperCase());
}

function parseRegion(region: string): CountryCode {
  const code = region.trim().toUpperCase();
  if (!isSupportedCountry(code)) {
    const message =
      `Invalid default region ${quote(region)}: it is not a supported ISO 3166-1 ` +
      'alpha-2 region code. Set it to a code such as "US".';
    throw new IdentityError("INVALID_REGION", region, message);
  }
  return code;
}

function parsePhone(raw: string, value: string, region: CountryCode | undefined): PhoneNumber {
  try {
    return parsePhoneNumberWithError(value, { defaultCountry: region, extract: false });
  } catch (error) {
    if (error instanceof ParseError) {
      throw invalidPhone(raw, describeParseError(error.message));
    }
    throw error;
  }
}

/** Describes libphonenumber-js `ParseError` codes, which are its messages. */
function describeParseError(code: string): string {
  switch (code) {
    case "INVALID_COUNTRY":
      return "its country code is not assigned";
    case "TOO_SHORT":
      return "it has too few digits";
    case "TOO_LONG":
      return "it has too many digits";
    default:
      return "it is not a phone number";
  }
}

function invalidPhone(raw: string, reason: string): IdentityError {
  const message =
    `Invalid phone number ${quote(raw)}: ${reason}. ` +
    "Send it in E.164 form, such as +15555550100.";
  return new IdentityError("INVALID_PHONE", raw, message);
}

/** Quotes a value for an error message, with control characters escaped and long values cut. */
function quote(value: string): string {
  const codePoints = [...value];
  if (codePoints.length <= MAX_QUOTED_LENGTH) {
    return JSON.stringify(value);
  }
  return `${JSON.stringify(codePoints.slice(0, MAX_QUOTED_LENGTH).join(""))}…`;
}
