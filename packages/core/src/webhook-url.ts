/**
 * Returns why a webhook URL is not acceptable, or null when it is. Outside local development
 * only public `https` URLs are: no credentials, and no host that is a name for this machine
 * or an IP address in a loopback, private, link-local, shared, multicast or reserved range.
 * With `allowLoopback` (local development and tests), `http` and loopback hosts are allowed
 * too; private and link-local ones still are not.
 *
 * NOTE: names are checked as written. A public name that resolves to a private address is
 * not caught here; on Cloudflare Workers, fetch cannot reach private networks anyway.
 */
export function webhookUrlProblem(raw: string, options: { allowLoopback: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL, e.g. https://example.com/herald-events";
  }
  if (url.username !== "" || url.password !== "") {
    return "must not contain a user name or password; authenticate with the webhook signature";
  }
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const loopback = isLoopback(host);
  if (url.protocol !== "https:" && !(options.allowLoopback && loopback && url.protocol === "http:")) {
    return "must use https";
  }
  if (loopback) {
    return options.allowLoopback ? null : "must not point at this machine (loopback)";
  }
  if (host.endsWith(".local") || host.endsWith(".internal") || (!host.includes(".") && !host.includes(":"))) {
    return "must name a public host";
  }
  const range = privateRange(host);
  return range === null ? null : `must not point at a ${range} address`;
}

function isLoopback(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1") {
    return true;
  }
  const v4 = ipv4(host) ?? mappedIpv4(host);
  return v4 !== null && v4[0] === 127;
}

function ipv4(host: string): number[] | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (match === null) {
    return null;
  }
  const parts = match.slice(1).map(Number);
  return parts.every((part) => part <= 255) ? parts : null;
}

/** Reads `::ffff:a.b.c.d` and the hex form `::ffff:7f00:1` the URL parser writes. */
function mappedIpv4(host: string): number[] | null {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (dotted) {
    return ipv4(dotted[1] ?? "");
  }
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (hex) {
    const high = Number.parseInt(hex[1] ?? "0", 16);
    const low = Number.parseInt(hex[2] ?? "0", 16);
    return [high >> 8, high & 255, low >> 8, low & 255];
  }
  return null;
}

function privateRange(host: string): string | null {
  const v4 = ipv4(host) ?? mappedIpv4(host);
  if (v4 !== null) {
    const [a = 0, b = 0] = v4;
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) {
      return "private";
    }
    if (a === 169 && b === 254) {
      return "link-local";
    }
    if (a === 100 && b >= 64 && b <= 127) {
      return "shared (carrier-grade NAT)";
    }
    if (a === 0 || a >= 224) {
      return "reserved or multicast";
    }
    return null;
  }
  if (!host.includes(":")) {
    return null;
  }
  if (host === "::") {
    return "unspecified";
  }
  if (/^f[cd][0-9a-f]{0,2}:/.test(host)) {
    return "private (unique local)";
  }
  if (/^fe[89ab][0-9a-f]?:/.test(host)) {
    return "link-local";
  }
  if (/^ff[0-9a-f]{0,2}:/.test(host)) {
    return "multicast";
  }
  return null;
}
