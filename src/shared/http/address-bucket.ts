import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a per-address budget (sign-in, sign-up) counts a client under.
 * Spellings of one address share a key (letter case, zero compression, an
 * IPv4 address mapped into IPv6), and an IPv6 client counts per /64: one
 * subscriber is usually given a whole /64, so counting single IPv6 addresses
 * would give anyone an unlimited budget.
 */
export function addressBucket(ip: string): string {
  const address = withoutPort(ip.trim());
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address.toLowerCase(); // not an address (a misconfigured proxy's header): counted as given
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded dotted IPv4 tail and a zone id allowed). */
function ipv6Groups(address: string): number[] {
  const withoutZone = address.split('%')[0]!;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(withoutZone);
  const hex = dotted
    ? `${withoutZone.slice(0, dotted.index)}${((Number(dotted[1]) << 8) | Number(dotted[2])).toString(16)}:${((Number(dotted[3]) << 8) | Number(dotted[4])).toString(16)}`
    : withoutZone;
  const [head, tail] = hex.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  if (tail === undefined) return parse(head);
  const [left, right] = [parse(head), parse(tail)];
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** Some proxies forward `address:port` or `[address]:port`: the port is the connection's, not the client's. */
function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  return v4WithPort ? v4WithPort[1]! : address;
}
