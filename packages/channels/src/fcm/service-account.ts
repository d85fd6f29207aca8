import { base64UrlEncode, base64UrlEncodeText, utf8 } from "../http/base64url.ts";

/** The fields of a Google service account key file that token requests need. */
export interface ServiceAccount {
  clientEmail: string;
  privateKeyId: string;
  privateKeyPem: string;
  projectId?: string;
  tokenUri?: string;
}

/** Raised when a service account key cannot be used; the named secret must be fixed. */
export class InvalidServiceAccountError extends Error {
  override name = "InvalidServiceAccountError";
}

/** Parses the JSON key file Google Cloud issues for a service account. */
export function parseServiceAccount(json: string): ServiceAccount {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(json);
  } catch {
    throw new InvalidServiceAccountError("service account key is not JSON");
  }
  const field = (name: string): string | undefined => {
    const item = value[name];
    return typeof item === "string" && item !== "" ? item : undefined;
  };
  const clientEmail = field("client_email");
  const privateKeyPem = field("private_key");
  if (clientEmail === undefined || privateKeyPem === undefined) {
    throw new InvalidServiceAccountError("service account key needs client_email and private_key");
  }
  return {
    clientEmail,
    privateKeyPem,
    privateKeyId: field("private_key_id") ?? "",
    projectId: field("project_id"),
    tokenUri: field("token_uri"),
  };
}

/** Imports the PEM PKCS#8 private key of a service account for RS256 signing. */
export async function importServiceAccountKey(pem: string): Promise<CryptoKey> {
  const base64 = pem
    .replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "")
    .replace(/\\n/g, "")
    .replace(/\s+/g, "");
  try {
    const der = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    return await crypto.subtle.importKey(
      "pkcs8",
      der,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
  } catch {
    throw new InvalidServiceAccountError("service account private_key is not a PEM PKCS#8 RSA key");
  }
}

export interface AssertionClaims {
  scope: string;
  audience: string;
  issuedAt: Date;
  lifetimeSeconds: number;
}

/**
 * Signs the JWT a service account exchanges for an access token (RFC 7523): RS256 over `iss`,
 * `scope`, `aud`, `iat` and `exp`, with the key id in the header.
 */
export async function signAssertion(account: ServiceAccount, key: CryptoKey, claims: AssertionClaims): Promise<string> {
  const iat = Math.floor(claims.issuedAt.getTime() / 1000);
  const header = base64UrlEncodeText(JSON.stringify({ alg: "RS256", typ: "JWT", kid: account.privateKeyId }));
  const body = base64UrlEncodeText(
    JSON.stringify({
      iss: account.clientEmail,
      scope: claims.scope,
      aud: claims.audience,
      iat,
      exp: iat + claims.lifetimeSeconds,
    }),
  );
  const input = `${header}.${body}`;
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, utf8(input));
  return `${input}.${base64UrlEncode(new Uint8Array(signature))}`;
}
