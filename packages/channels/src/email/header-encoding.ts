// RFC 2047 limits an encoded-word to 75 characters and a line that contains one to 76.
const LINE_LIMIT = 76;
const MAX_ENCODED_WORD_LENGTH = 75;
// RFC 5322 limits every line to 998 characters before the CRLF.
const MAX_LINE_LENGTH = 998;

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const ATOMS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?: [A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const NON_PRINTABLE_ASCII = /[^\u0020-\u007e]/;
// Q-encoded text in a display name may only keep these bytes as they are (RFC 2047, 5 (3)).
const Q_LITERAL = /[A-Za-z0-9!*+\-/]/;

const utf8 = new TextEncoder();

export interface Mailbox {
  /** ASCII address, already validated. */
  address: string;
  name?: string;
}

/** Replaces each run of control characters and line breaks with one space, then trims. */
export function sanitizeHeaderText(value: string): string {
  return value.replace(CONTROL_CHARACTERS, " ").trim();
}

/**
 * Formats an unstructured header such as `Subject`, without the final CRLF. Text that is not
 * printable ASCII becomes RFC 2047 encoded-words, and long values are folded.
 */
export function formatUnstructuredHeader(name: string, value: string): string {
  const text = sanitizeHeaderText(value);
  const tokens = needsEncoding(name, text) ? encodeWords(name, text) : splitWords(text);
  return foldHeader(name, tokens);
}

/**
 * Formats a header with one mailbox, such as `From: "Doe, Sam" <sender@example.com>`, without
 * the final CRLF. A display name with specials is quoted, and a non-ASCII one is encoded as
 * encoded-words, which RFC 2047 forbids inside quotes.
 */
export function formatMailboxHeader(name: string, mailbox: Mailbox): string {
  const displayName = sanitizeHeaderText(mailbox.name ?? "");
  if (displayName === "") {
    return foldHeader(name, [` ${mailbox.address}`]);
  }
  return foldHeader(name, [...formatPhrase(name, displayName), ` <${mailbox.address}>`]);
}

function formatPhrase(headerName: string, text: string): string[] {
  if (needsEncoding(headerName, text)) {
    return encodeWords(headerName, text);
  }
  if (ATOMS.test(text)) {
    return splitWords(text);
  }
  const quoted = `"${text.replace(/[\\"]/g, "\\$&")}"`;
  if (headerName.length + 2 + quoted.length <= LINE_LIMIT) {
    return [` ${quoted}`];
  }
  // A long quoted string cannot be folded safely, but encoded-words can.
  return encodeWords(headerName, text);
}

function needsEncoding(headerName: string, text: string): boolean {
  if (NON_PRINTABLE_ASCII.test(text) || text.includes("=?")) {
    return true;
  }
  const longestLine = headerName.length + 1 + Math.max(0, ...splitWords(text).map((w) => w.length));
  return longestLine > MAX_LINE_LENGTH;
}

/** Splits text at spaces into tokens that each start with their spaces. */
function splitWords(text: string): string[] {
  return ` ${text}`.match(/ +[^ ]+/g) ?? [];
}

/**
 * Encodes text as UTF-8 encoded-words, each short enough to share a line with the header name.
 * Words end on code point boundaries, so each decodes on its own, and decoders drop the folding
 * whitespace between adjacent encoded-words, so the decoded text is exactly the input.
 */
function encodeWords(headerName: string, text: string): string[] {
  const useQ = encodeQ(text).length <= encodeB(text).length;
  const encode = useQ ? encodeQ : encodeB;
  const prefix = useQ ? "=?UTF-8?Q?" : "=?UTF-8?B?";
  const maxWordLength = Math.min(MAX_ENCODED_WORD_LENGTH, LINE_LIMIT - headerName.length - 2);
  const budget = maxWordLength - prefix.length - "?=".length;

  const chunks: string[] = [];
  let chunk = "";
  for (const codePoint of text) {
    if (chunk !== "" && encode(chunk + codePoint).length > budget) {
      chunks.push(chunk);
      chunk = "";
    }
    chunk += codePoint;
  }
  if (chunk !== "") {
    chunks.push(chunk);
  }
  return chunks.map((part) => ` ${prefix}${encode(part)}?=`);
}

function encodeQ(text: string): string {
  let encoded = "";
  for (const byte of utf8.encode(text)) {
    const char = String.fromCharCode(byte);
    if (byte === 0x20) {
      encoded += "_";
    } else if (byte < 0x80 && Q_LITERAL.test(char)) {
      encoded += char;
    } else {
      encoded += `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return encoded;
}

function encodeB(text: string): string {
  let binary = "";
  for (const byte of utf8.encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/** Joins tokens after `name:`, starting a new line before a token that would pass the limit. */
function foldHeader(name: string, tokens: string[]): string {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of tokens) {
    const lineHasToken = line.length > name.length + 1;
    if (lineHasToken && line.length + token.length > LINE_LIMIT) {
      lines.push(line);
      line = token;
    } else {
      line += token;
    }
  }
  lines.push(line);
  return lines.join("\r\n");
}
