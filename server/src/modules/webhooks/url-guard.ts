import { lookup as dnsLookup, LookupAddress } from "node:dns";
import { isIP, BlockList } from "node:net";

/**
 * The SSRF guard (issue 15): a webhook URL is http(s) and its host resolves only to public
 * addresses. Checked when an endpoint is saved and again on every delivery, on the very address
 * connected to (see `guardedLookup`), so a name that changes its answer (DNS rebinding) is caught.
 */
const blocked = new BlockList();
// IPv4: "this network", loopback, private, CGNAT, link-local, benchmarking, reserved, broadcast, multicast.
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
// IPv6: unspecified, loopback, unique local, link-local, multicast.
blocked.addAddress("::", "ipv6");
blocked.addAddress("::1", "ipv6");
blocked.addSubnet("fc00::", 7, "ipv6");
blocked.addSubnet("fe80::", 10, "ipv6");
blocked.addSubnet("ff00::", 8, "ipv6");

/** The IPv4 address inside an IPv4-mapped, -compatible or NAT64 IPv6 address, if it is one. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:(?:0:)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** Whether an IP address is one a webhook must not reach (loopback, private, link-local, …). */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4) return blocked.check(v4, "ipv4");
    return blocked.check(bare, "ipv6");
  }
  return true; // not an address at all
}

export class UnsafeUrlError extends Error {}

export type Lookup = (hostname: string) => Promise<LookupAddress[]>;

export const systemLookup: Lookup = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export interface GuardOptions {
  /** WEBHOOKS_ALLOW_PRIVATE: lifts the address check (tests, a receiver on the same network). */
  allowPrivate: boolean;
  lookup?: Lookup;
}

/** The URL parsed, or why it may not be used (scheme, credentials). Does not resolve it. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UnsafeUrlError("Not a valid URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UnsafeUrlError("Only http and https URLs can receive webhooks.");
  if (url.username || url.password) throw new UnsafeUrlError("The URL may not carry a user name or password.");
  if (!url.hostname) throw new UnsafeUrlError("The URL has no host.");
  return url;
}

/**
 * Resolves the URL's host and returns its addresses if every one is public (or private ones are
 * allowed). Throws UnsafeUrlError otherwise.
 */
export async function checkWebhookUrl(raw: string, options: GuardOptions): Promise<LookupAddress[]> {
  const url = parseWebhookUrl(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: LookupAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (options.lookup ?? systemLookup)(host);
    } catch {
      throw new UnsafeUrlError(`The host ${host} does not resolve.`);
    }
  }
  if (addresses.length === 0) throw new UnsafeUrlError(`The host ${host} does not resolve.`);
  if (!options.allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw new UnsafeUrlError(`The host ${host} resolves to ${bad.address}, a loopback, private or link-local address: webhooks only go to public addresses.`);
  }
  return addresses;
}
