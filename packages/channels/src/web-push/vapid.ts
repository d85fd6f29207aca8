import { base64UrlDecode, base64UrlEncode, base64UrlEncodeText, utf8 } from "../http/base64url.ts";

/** How long a VAPID token is valid; RFC 8292 allows at most 24 hours. */
export const VAPID_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

/** An application server's VAPID key pair in the usual base64url forms. */
export interface VapidKeys {
  /** The uncompressed P-256 public key (65 bytes), the `applicationServerKey` browsers get. */
  publicKey: string;
  /** The 32-byte private scalar `d`. */
  privateKey: string;
}

/** Raised for VAPID keys that cannot be used; the surface or the secret must be fixed. */
export class InvalidVapidKeyError extends Error {
  override name = "InvalidVapidKeyError";
}

/**
 * Imports a VAPID key pair as an ES256 signing key. WebCrypto cannot import a bare private
 * scalar, so the key goes in as a JWK built from `d` and the public point's `x` and `y`.
 */
export async function importVapidKey(keys: VapidKeys): Promise<CryptoKey> {
  let point: Uint8Array;
  let scalar: Uint8Array;
  try {
    point = base64UrlDecode(keys.publicKey);
    scalar = base64UrlDecode(keys.privateKey);
  } catch {
    throw new InvalidVapidKeyError("VAPID keys must be base64url");
  }
  if (point.length !== 65 || point[0] !== 4) {
    throw new InvalidVapidKeyError("VAPID public key must be an uncompressed P-256 point (65 bytes)");
  }
  if (scalar.length !== 32) {
    throw new InvalidVapidKeyError("VAPID private key must be 32 bytes");
  }
  const jwk: JsonWebKey = {
    kty: "EC",
    crv: "P-256",
    x: base64UrlEncode(point.slice(1, 33)),
    y: base64UrlEncode(point.slice(33)),
    d: base64UrlEncode(scalar),
  };
  try {
    return await crypto.subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
  } catch {
    throw new InvalidVapidKeyError("VAPID keys are not a valid P-256 key pair");
  }
}

export interface VapidClaims {
  /** The push service's origin, taken from the subscription endpoint. */
  audience: string;
  /** A `mailto:` or `https:` contact for the push service operator. */
  subject: string;
  expiresAt: Date;
}

/**
 * Signs a VAPID token (RFC 8292, section 2): a JWT with ES256 whose claims are `aud`, `exp` and
 * `sub`. Returns the `Authorization` value, `vapid t=<token>, k=<public key>`.
 */
export async function vapidAuthorization(key: CryptoKey, publicKey: string, claims: VapidClaims): Promise<string> {
  const header = base64UrlEncodeText(JSON.stringify({ typ: "JWT", alg: "ES256" }));
  const body = base64UrlEncodeText(
    JSON.stringify({
      aud: claims.audience,
      exp: Math.floor(claims.expiresAt.getTime() / 1000),
      sub: claims.subject,
    }),
  );
  const signingInput = `${header}.${body}`;
  // WebCrypto returns ECDSA signatures as r || s (IEEE P1363), the form JWS uses.
  const signature = await crypto.subtle.sign(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    utf8(signingInput),
  );
  return `vapid t=${signingInput}.${base64UrlEncode(new Uint8Array(signature))}, k=${publicKey}`;
}
