const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

export type IdPrefix = "sbx" | "key" | "srf" | "cmp" | "cv" | "prf" | "exe" | "msg" | "req" | "whk" | "evt";

const RANDOM_CHARS = 16;
// Random bytes for ids are drawn 4 KiB at a time because each getRandomValues call has a fixed
// cost (about 5 µs per call of 16 bytes on Node 20, timed over 100,000 calls). Secrets such as
// API keys do not come from this pool (see randomToken).
const POOL_BYTES = 4096;
let pool: Uint8Array | undefined;
let poolOffset = POOL_BYTES;

/** Returns the next `count` unused random bytes of the pool, refilling it when it runs out. */
function randomBytes(count: number): Uint8Array {
  // Filled on first use, because Workers reject random values at global scope.
  pool ??= new Uint8Array(POOL_BYTES);
  if (poolOffset + count > POOL_BYTES) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

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
  let tail = "";
  // Each character takes 5 bits of its own byte, so 16 characters carry 80 random bits.
  for (const byte of randomBytes(RANDOM_CHARS)) {
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
