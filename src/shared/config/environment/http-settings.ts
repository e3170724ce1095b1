import { isIP } from 'node:net';
import { Refused, variable } from './variable.js';

const TRUST_PROXY_EXPECTS =
  "false, a number of proxy hops (e.g. 1) or the proxies' addresses/CIDRs (or loopback, linklocal, uniquelocal), not true (which believes any client's X-Forwarded-For)";

/**
 * `TRUST_PROXY`: `false`, a number of proxy hops, or a list of addresses, CIDRs
 * or `loopback`/`linklocal`/`uniquelocal`. Not `true`: that believes the
 * left-most X-Forwarded-For, which any client writes, so the sign-in throttle's
 * per-address budget could be dodged by sending a new address each time.
 */
export const trustProxy = () =>
  variable((value): false | number | string => {
    if (value === 'false') return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    if (value.toLowerCase() === 'true' || !entries.every(isProxyAddress)) throw new Refused(TRUST_PROXY_EXPECTS);
    return entries.join(',');
  });

/** An address, a CIDR block or one of the names proxy-addr knows, as Fastify reads TRUST_PROXY. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

const CORS_EXPECTS =
  'a comma-separated list of origins such as https://shop.example.com (scheme, host and port only), or * for any origin';

/** `CORS_ORIGINS`: origins as a browser sends them (`https://Shop.example.com:443/` is `https://shop.example.com`), or `*`. */
export const corsOrigins = () =>
  variable((value): readonly string[] | '*' => {
    if (value === '*') return '*';
    const entries = value.split(',').map((entry) => entry.trim());
    const origins = entries.map(originOf);
    const bad = origins.indexOf(undefined);
    if (bad >= 0) throw new Refused(CORS_EXPECTS, entries[bad]);
    return [...new Set(origins as string[])];
  });

/** Only what a browser sends in `Origin`: scheme, then a host name, an IPv4 or a bracketed IPv6 address, then a port (no path, no `*`, no stray characters). */
const ORIGIN =
  /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?\/?$/i;

function originOf(entry: string): string | undefined {
  if (!ORIGIN.test(entry)) return undefined;
  try {
    const url = new URL(entry);
    return url.port === '0' ? undefined : url.origin;
  } catch {
    return undefined; // a port above 65535, say
  }
}
