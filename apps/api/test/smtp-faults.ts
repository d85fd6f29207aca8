import type { SMTPServerDataStream, SMTPServerSession } from "smtp-server";

/**
 * Faults the test SMTP server plays for a recipient, chosen by the local part's first word:
 * `throttle-<n>-…` answers 454 to the first n DATA commands (SES's throttling reply),
 * `error-<n>-…` answers 451 to the first n RCPT commands (a transient server error),
 * `slow-…` waits 800 ms before accepting, `reject-…` answers 550 to RCPT, and `blackhole-…`
 * keeps the message but never answers the final dot, so the client times out after sending.
 */
export type Fault = { kind: "throttle" | "error"; times: number } | { kind: "slow" | "reject" | "blackhole" };

export function faultOf(address: string): Fault | null {
  const local = address.split("@")[0] ?? "";
  const counted = /^(throttle|error)-(\d+)-/.exec(local);
  if (counted) {
    return { kind: counted[1] as "throttle" | "error", times: Number(counted[2]) };
  }
  const plain = /^(slow|reject|blackhole)-/.exec(local);
  return plain ? { kind: plain[1] as "slow" | "reject" | "blackhole" } : null;
}

function replyError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Plays each recipient's fault; `attempts` counts RCPT and DATA commands per address. */
export function faultyHandlers(store: (session: SMTPServerSession, raw: string) => void) {
  const attempts = new Map<string, number>();
  const countFor = (key: string) => {
    const count = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, count);
    return count;
  };
  return {
    onRcptTo(address: { address: string }, _session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const fault = faultOf(address.address);
      if (fault?.kind === "reject") {
        callback(replyError(550, "5.1.1 mailbox unavailable"));
      } else if (fault?.kind === "error" && countFor(`rcpt ${address.address}`) <= fault.times) {
        callback(replyError(451, "4.3.0 local error in processing"));
      } else {
        callback();
      }
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null, message?: string) => void) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const to = session.envelope.rcptTo[0]?.address ?? "";
        const fault = faultOf(to);
        if (fault?.kind === "throttle" && countFor(`data ${to}`) <= fault.times) {
          callback(replyError(454, "4.7.0 Throttling failure: Maximum sending rate exceeded."));
          return;
        }
        store(session, Buffer.concat(chunks).toString("utf8"));
        if (fault?.kind === "blackhole") {
          return;
        }
        const accept = () => callback(null, "queued as test-1");
        if (fault?.kind === "slow") {
          setTimeout(accept, 800);
        } else {
          accept();
        }
      });
    },
  };
}
