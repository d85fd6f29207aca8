/** Bytes over a plain ArrayBuffer, the form WebCrypto and fetch take. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** Encodes bytes as unpadded base64url (RFC 4648, section 5), the form JWTs and Web Push use. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes base64url, padded or not; also accepts standard base64, which some tools emit. */
export function base64UrlDecode(text: string): Bytes {
  const normalized = text.trim().replaceAll("-", "+").replaceAll("_", "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalized)) {
    throw new TypeError("invalid base64url text");
  }
  const bare = normalized.replace(/=+$/, "");
  const binary = atob(bare.padEnd(Math.ceil(bare.length / 4) * 4, "="));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

const encoder = new TextEncoder();

/** Returns a string's UTF-8 bytes. */
export function utf8(text: string): Bytes {
  // TextEncoder always returns a fresh ArrayBuffer; some runtime typings widen it.
  return encoder.encode(text) as Bytes;
}

/** Encodes a string's UTF-8 bytes as base64url. */
export function base64UrlEncodeText(text: string): string {
  return base64UrlEncode(utf8(text));
}
