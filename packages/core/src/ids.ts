const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

export type IdPrefix = "sbx" | "key" | "srf" | "cmp" | "cv" | "prf" | "exe" | "msg" | "req" | "whk" | "evt";

/**
 * Creates a prefixed id such as `msg_01j9…`: 48 bits of milliseconds then 80 random bits,
 * in Crockford base32, so ids sort by creation time.
 */
export function newId(prefix: IdPrefix, now = Date.now()): string {
  let time = "";
  let remaining = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let tail = "";
  for (const byte of random) {
    tail += CROCKFORD[byte % 32];
  }
  return `${prefix}_${time}${tail}`;
}

/** Returns `bytes` random bytes as base64url, for secrets such as API keys. */
export function randomToken(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  let binary = "";
  for (const byte of raw) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
