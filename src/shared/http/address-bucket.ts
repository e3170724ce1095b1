import ipaddr from 'ipaddr.js';

/**
 * The key a per-address budget (sign-in, sign-up) counts a client under.
 * Spellings of one address share a key (letter case, zero compression, an
 * IPv4 address mapped into IPv6; parsed by ipaddr.js), and an IPv6 client
 * counts per /64: one subscriber is usually given a whole /64, so counting
 * single IPv6 addresses would give anyone an unlimited budget.
 */
export function addressBucket(ip: string): string {
  const address = withoutPort(ip.trim());
  // Dotted quads only: ipaddr.js also reads 127.1 or 0x7f.0.0.1, which no proxy writes.
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return ipaddr.IPv4.parse(address).toString();
  if (!ipaddr.IPv6.isValid(address)) return address.toLowerCase(); // not an address (a misconfigured proxy's header): counted as given
  const parsed = ipaddr.IPv6.parse(address);
  if (parsed.isIPv4MappedAddress()) return parsed.toIPv4Address().toString();
  return `${parsed.parts
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** Some proxies forward `address:port` or `[address]:port`: the port is the connection's, not the client's. */
function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  return v4WithPort ? v4WithPort[1] : address;
}
