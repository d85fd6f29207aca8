import { describe, expect, it } from "vitest";
import { encodeQuotedPrintable } from "./quoted-printable.ts";

/** Decodes quoted-printable as RFC 2045 defines it, to check the encoder's output. */
function decode(encoded: string): string {
  const binary = encoded
    .replace(/=\r\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

describe("encodeQuotedPrintable", () => {
  it("keeps printable ASCII as it is", () => {
    expect(encodeQuotedPrintable("Hello, world!")).toBe("Hello, world!");
  });

  it("encodes UTF-8 bytes and equals signs", () => {
    expect(encodeQuotedPrintable("é = 1")).toBe("=C3=A9 =3D 1");
  });

  it("encodes whitespace at the end of a line", () => {
    expect(encodeQuotedPrintable("a \nb\t")).toBe("a=20\r\nb=09");
  });

  it("writes every line break as CRLF", () => {
    expect(encodeQuotedPrintable("a\nb\r\nc\rd")).toBe("a\r\nb\r\nc\r\nd");
  });

  it("wraps long lines at 76 characters", () => {
    const text = `${"é".repeat(30)}${"x".repeat(200)}`;
    const encoded = encodeQuotedPrintable(text);
    for (const line of encoded.split("\r\n")) {
      expect(line.length).toBeLessThanOrEqual(76);
    }
    expect(decode(encoded)).toBe(text);
  });

  it("never splits an escape across lines", () => {
    const encoded = encodeQuotedPrintable("ü".repeat(100));
    for (const line of encoded.split("\r\n")) {
      expect(line).toMatch(/^(=[0-9A-F]{2})*=?$/);
    }
  });

  it("round-trips text with emoji", () => {
    const text = "Commande 🚚 expédiée\nMerci ✓";
    expect(decode(encodeQuotedPrintable(text))).toBe(text.replace(/\n/g, "\r\n"));
  });
});
