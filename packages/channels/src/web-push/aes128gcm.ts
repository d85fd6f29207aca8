import { type Bytes, base64UrlDecode, utf8 } from "../http/base64url.ts";

/** Record size written in the header. One record contains the whole push message. */
export const RECORD_SIZE = 4096;

/** Header bytes: salt (16), record size (4), key id length (1) and the 65-byte public key. */
const HEADER_LENGTH = 16 + 4 + 1 + 65;
const TAG_LENGTH = 16;

/**
 * Largest plaintext that fits one 4,096-byte record, the size every push service must accept
 * (RFC 8030, section 7.2): 4096 minus the header, the 16-byte tag and the padding delimiter.
 */
export const MAX_PLAINTEXT_BYTES = RECORD_SIZE - HEADER_LENGTH - TAG_LENGTH - 1;

/** The subscription's keys as `PushSubscription.toJSON()` gives them, in base64url. */
export interface SubscriptionKeys {
  p256dh: string;
  auth: string;
}

/** Fixed inputs for reproducing a known encryption, such as RFC 8291's example. */
export interface EncryptionSeed {
  salt: Bytes;
  /** The application server's ECDH key pair for this message. */
  keyPair: CryptoKeyPair;
}

/** Raised for subscription keys that are not a P-256 point and a 16-byte secret. */
export class InvalidSubscriptionError extends Error {
  override name = "InvalidSubscriptionError";
}

/**
 * Encrypts a push message as RFC 8291 prescribes, in the `aes128gcm` content coding of RFC 8188:
 * ECDH with the subscription's P-256 key, HKDF-SHA-256 keyed by its auth secret, and AES-128-GCM
 * over one record. Returns the request body: the coding header followed by the ciphertext. A
 * fresh key pair and salt are made per message unless `seed` gives them.
 *
 * @throws InvalidSubscriptionError when the keys are malformed.
 */
export async function encryptAes128gcm(
  plaintext: Bytes,
  keys: SubscriptionKeys,
  seed?: EncryptionSeed,
): Promise<Bytes> {
  const { uaPublic, authSecret } = decodeKeys(keys);
  if (plaintext.length > MAX_PLAINTEXT_BYTES) {
    throw new RangeError(`plaintext is ${plaintext.length} bytes, over the ${MAX_PLAINTEXT_BYTES}-byte record limit`);
  }
  const salt = seed?.salt ?? crypto.getRandomValues(new Uint8Array(16));
  const keyPair = seed?.keyPair ?? ((await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])) as CryptoKeyPair);
  const asPublic = new Uint8Array((await crypto.subtle.exportKey("raw", keyPair.publicKey)) as ArrayBuffer);

  const uaKey = await importPublicKey(uaPublic);
  const ecdhSecret = await crypto.subtle.deriveBits(
    // workers-types spells this member `$public`; both runtimes read `public`.
    { name: "ECDH", public: uaKey } as unknown as Parameters<SubtleCrypto["deriveBits"]>[0],
    keyPair.privateKey,
    256,
  );
  // RFC 8291, section 3.3: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0 || ua || as).
  const keyInfo = concat(utf8("WebPush: info\0"), uaPublic, asPublic);
  const ikm = await hkdf(authSecret, new Uint8Array(ecdhSecret), keyInfo, 32);
  const cek = await hkdf(salt, ikm, utf8("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(salt, ikm, utf8("Content-Encoding: nonce\0"), 12);

  // RFC 8188, section 2: the last record ends with the delimiter 0x02, then no padding.
  const record = concat(plaintext, new Uint8Array([2]));
  const aesKey = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["encrypt"]);
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce }, aesKey, record);

  const header = new Uint8Array(21);
  header.set(salt, 0);
  new DataView(header.buffer).setUint32(16, RECORD_SIZE);
  header[20] = asPublic.length;
  return concat(header, asPublic, new Uint8Array(ciphertext));
}

function decodeKeys(keys: SubscriptionKeys): { uaPublic: Bytes; authSecret: Bytes } {
  let uaPublic: Bytes;
  let authSecret: Bytes;
  try {
    uaPublic = base64UrlDecode(keys.p256dh);
    authSecret = base64UrlDecode(keys.auth);
  } catch {
    throw new InvalidSubscriptionError("subscription keys must be base64url");
  }
  if (uaPublic.length !== 65 || uaPublic[0] !== 4) {
    throw new InvalidSubscriptionError("subscription key p256dh must be an uncompressed P-256 point (65 bytes)");
  }
  if (authSecret.length !== 16) {
    throw new InvalidSubscriptionError("subscription key auth must be 16 bytes");
  }
  return { uaPublic, authSecret };
}

async function importPublicKey(raw: Bytes): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey("raw", raw, { name: "ECDH", namedCurve: "P-256" }, false, []);
  } catch {
    throw new InvalidSubscriptionError("subscription key p256dh is not a point on the P-256 curve");
  }
}

async function hkdf(salt: Bytes, ikm: Bytes, info: Bytes, length: number): Promise<Bytes> {
  const key = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, key, length * 8);
  return new Uint8Array(bits);
}

export function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
