// RFC 2045 limits an encoded line to 76 characters, including a trailing "=" soft line break.
const MAX_ENCODED_LINE = 76;

const utf8 = new TextEncoder();

/**
 * Encodes text as UTF-8 quoted-printable (RFC 2045). Line breaks in any convention become CRLF
 * hard breaks, and the output is pure ASCII with lines of at most 76 characters.
 */
export function encodeQuotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(encodeLine)
    .join("\r\n");
}

function encodeLine(line: string): string {
  const bytes = utf8.encode(line);
  const output: string[] = [];
  let current = "";

  bytes.forEach((byte, index) => {
    const token = encodeByte(byte, index === bytes.length - 1);
    if (current.length + token.length > MAX_ENCODED_LINE - 1) {
      output.push(`${current}=`);
      current = "";
    }
    current += token;
  });
  output.push(current);
  return output.join("\r\n");
}

function encodeByte(byte: number, isLast: boolean): string {
  const isWhitespace = byte === 0x20 || byte === 0x09;
  // Transports may strip whitespace at the end of a line (RFC 2045, 6.7), so it is encoded there.
  const isLiteral = (byte >= 0x21 && byte <= 0x7e && byte !== 0x3d) || (isWhitespace && !isLast);
  if (isLiteral) {
    return String.fromCharCode(byte);
  }
  return `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}
