import { describe, expect, it } from "vitest";
import { base64UrlDecode, base64UrlEncode } from "../http/base64url.ts";
import { InvalidSubscriptionError, MAX_PLAINTEXT_BYTES, encryptAes128gcm } from "./aes128gcm.ts";
import { decryptAes128gcm } from "./test-support/push-decrypt.ts";

// The worked example of RFC 8291, Appendix A.
const RFC = {
  plaintext: "When I grow up, I want to be a watermelon",
  asPrivate: "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
  asPublic: "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8",
  uaPrivate: "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94",
  uaPublic: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
  auth: "BTBZMqHH6r4Tts7J_aSIgg",
  salt: "DGv6ra1nlYgDCS1FRnbzlw",
  body:
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
};

async function rfcKeyPair(): Promise<CryptoKeyPair> {
  const point = base64UrlDecode(RFC.asPublic);
  const jwk = {
    kty: "EC",
    crv: "P-256",
    x: base64UrlEncode(point.slice(1, 33)),
    y: base64UrlEncode(point.slice(33)),
  };
  const algorithm = { name: "ECDH", namedCurve: "P-256" };
  const privateKey = await crypto.subtle.importKey("jwk", { ...jwk, d: RFC.asPrivate }, algorithm, true, ["deriveBits"]);
  const publicKey = await crypto.subtle.importKey("jwk", jwk, algorithm, true, []);
  return { privateKey, publicKey };
}

const keys = { p256dh: RFC.uaPublic, auth: RFC.auth };
const encoder = new TextEncoder();

describe("aes128gcm encryption", () => {
  it("reproduces the body of RFC 8291's example", async () => {
    const seed = { salt: base64UrlDecode(RFC.salt), keyPair: await rfcKeyPair() };

    const body = await encryptAes128gcm(encoder.encode(RFC.plaintext), keys, seed);

    expect(base64UrlEncode(body)).toBe(RFC.body);
  });

  it("test decryptor reads RFC 8291's example body", () => {
    const plaintext = decryptAes128gcm(
      Buffer.from(RFC.body, "base64url"),
      Buffer.from(RFC.uaPrivate, "base64url"),
      Buffer.from(RFC.auth, "base64url"),
    );

    expect(plaintext.toString("utf8")).toBe(RFC.plaintext);
  });

  it("uses a fresh key and salt per message", async () => {
    const first = await encryptAes128gcm(encoder.encode("same"), keys);
    const second = await encryptAes128gcm(encoder.encode("same"), keys);

    expect(base64UrlEncode(first.slice(0, 16))).not.toBe(base64UrlEncode(second.slice(0, 16)));
    expect(base64UrlEncode(first.slice(21, 86))).not.toBe(base64UrlEncode(second.slice(21, 86)));
  });

  it("fills one 4096-byte record at the plaintext limit", async () => {
    const body = await encryptAes128gcm(new Uint8Array(MAX_PLAINTEXT_BYTES).fill(0x61), keys);

    expect(MAX_PLAINTEXT_BYTES).toBe(3993);
    expect(body.length).toBe(4096);
  });

  it("rejects a plaintext over one record", async () => {
    await expect(encryptAes128gcm(new Uint8Array(MAX_PLAINTEXT_BYTES + 1), keys)).rejects.toThrow(RangeError);
  });

  it("rejects a p256dh key that is not a P-256 point", async () => {
    const bad = { p256dh: base64UrlEncode(new Uint8Array(65).fill(4)), auth: RFC.auth };

    await expect(encryptAes128gcm(encoder.encode("x"), bad)).rejects.toThrow(InvalidSubscriptionError);
  });

  it("rejects an auth secret that is not 16 bytes", async () => {
    const bad = { p256dh: RFC.uaPublic, auth: "AAAA" };

    await expect(encryptAes128gcm(encoder.encode("x"), bad)).rejects.toThrow("16 bytes");
  });
});
