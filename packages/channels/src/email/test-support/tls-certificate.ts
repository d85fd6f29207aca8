import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TlsCertificate {
  key: string;
  cert: string;
}

/**
 * Creates a one-day self-signed certificate with the openssl CLI, by default for 127.0.0.1 and
 * localhost.
 */
export function createSelfSignedCertificate(
  subjectAltName = "IP:127.0.0.1,DNS:localhost",
): TlsCertificate {
  const directory = mkdtempSync(join(tmpdir(), "herald-smtp-tls-"));
  const keyPath = join(directory, "key.pem");
  const certPath = join(directory, "cert.pem");
  try {
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"],
        ...["-nodes", "-days", "1", "-subj", "/CN=localhost"],
        ...["-addext", `subjectAltName=${subjectAltName}`],
        ...["-keyout", keyPath, "-out", certPath],
      ],
      { stdio: "pipe" },
    );
    return { key: readFileSync(keyPath, "utf8"), cert: readFileSync(certPath, "utf8") };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
