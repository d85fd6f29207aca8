import { createECDH } from "node:crypto";
import type { VapidKeys } from "../vapid.ts";

/** Makes a VAPID key pair in the base64url forms `web-push generate-vapid-keys` prints. */
export function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return {
    publicKey: ecdh.getPublicKey().toString("base64url"),
    privateKey: ecdh.getPrivateKey().toString("base64url"),
  };
}
