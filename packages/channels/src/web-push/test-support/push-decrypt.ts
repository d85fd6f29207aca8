import { createDecipheriv, createECDH, createPublicKey, hkdfSync, verify } from "node:crypto";

/**
 * Decrypts a one-record `aes128gcm` body as a user agent does (RFC 8291), written with
 * node:crypto so that it shares no code with the WebCrypto encryption it checks.
 */
export function decryptAes128gcm(body: Buffer, uaPrivateKey: Buffer, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const keyIdLength = body[20] ?? 0;
  const asPublic = body.subarray(21, 21 + keyIdLength);
  const ciphertext = body.subarray(21 + keyIdLength);
  if (ciphertext.length > recordSize) {
    throw new Error(`ciphertext of ${ciphertext.length} bytes spans more than one ${recordSize}-byte record`);
  }
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(uaPrivateKey);
  const uaPublic = ecdh.getPublicKey();
  const sharedSecret = ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", sharedSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));

  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const record = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = record.length - 1;
  while (end >= 0 && record[end] === 0) {
    end -= 1;
  }
  if (record[end] !== 2) {
    throw new Error("the record does not end with the last-record delimiter 0x02");
  }
  return record.subarray(0, end);
}

export interface VapidToken {
  header: Record<string, unknown>;
  claims: { aud?: unknown; exp?: unknown; sub?: unknown };
  publicKey: string;
}

/**
 * Parses `vapid t=<jwt>, k=<key>` and checks the JWT's ES256 signature against `k`. Throws with
 * the reason when the header or the signature is wrong.
 */
export function verifyVapidAuthorization(authorization: string | undefined): VapidToken {
  const match = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(authorization ?? "");
  if (!match) {
    throw new Error("Authorization is not of the form vapid t=<jwt>, k=<key>");
  }
  const [, header, claims, signature, key] = match as unknown as [string, string, string, string, string];
  const point = Buffer.from(key, "base64url");
  const publicKey = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33).toString("base64url"),
    },
    format: "jwk",
  });
  const valid = verify(
    "sha256",
    Buffer.from(`${header}.${claims}`),
    { key: publicKey, dsaEncoding: "ieee-p1363" },
    Buffer.from(signature, "base64url"),
  );
  if (!valid) {
    throw new Error("VAPID signature does not verify");
  }
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")),
    claims: JSON.parse(Buffer.from(claims, "base64url").toString("utf8")),
    publicKey: key,
  };
}
