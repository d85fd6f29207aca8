import type { SmtpConnection } from "./smtp-connection.ts";
import { SmtpCapabilityError } from "./smtp-errors.ts";
import type { SmtpReply } from "./smtp-reply.ts";

export interface SmtpCredentials {
  username: string;
  password: string;
}

/** EHLO keywords in upper case with their parameters, such as `AUTH` → `["PLAIN", "LOGIN"]`. */
export type SmtpCapabilities = Map<string, string[]>;

const utf8 = new TextEncoder();

export function parseCapabilities(ehloReply: SmtpReply): SmtpCapabilities {
  const capabilities: SmtpCapabilities = new Map();
  // The first line is the server's greeting, the others name one extension each.
  for (const line of ehloReply.lines.slice(1)) {
    // Some servers still send the pre-RFC 4954 form "AUTH=LOGIN PLAIN".
    const [keyword = "", ...params] = line.trim().replace(/^AUTH=/i, "AUTH ").split(/\s+/);
    if (keyword !== "") {
      capabilities.set(keyword.toUpperCase(), params.map((param) => param.toUpperCase()));
    }
  }
  return capabilities;
}

/**
 * Authenticates with AUTH PLAIN when the server offers it, else with AUTH LOGIN.
 *
 * @throws SmtpCapabilityError when the server offers neither.
 * @throws SmtpReplyError when the server rejects the credentials, for example with 535.
 */
export async function authenticate(
  connection: SmtpConnection,
  capabilities: SmtpCapabilities,
  credentials: SmtpCredentials,
): Promise<void> {
  const mechanisms = capabilities.get("AUTH") ?? [];
  if (mechanisms.includes("PLAIN")) {
    const token = base64(`\u0000${credentials.username}\u0000${credentials.password}`);
    await connection.command("auth", `AUTH PLAIN ${token}`, [235]);
    return;
  }
  if (mechanisms.includes("LOGIN")) {
    await connection.command("auth", "AUTH LOGIN", [334]);
    await connection.command("auth", base64(credentials.username), [334]);
    await connection.command("auth", base64(credentials.password), [235]);
    return;
  }
  const offered = mechanisms.length > 0 ? mechanisms.join(", ") : "none";
  throw new SmtpCapabilityError(
    "auth",
    `SMTP server offers no AUTH mechanism that Herald supports (PLAIN, LOGIN); offered: ${offered}`,
  );
}

function base64(text: string): string {
  let binary = "";
  for (const byte of utf8.encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}
