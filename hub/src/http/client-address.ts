import { isIP } from 'node:net';

const MAPPED_V4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * One spelling per address, so limits and lists compare like with like: IPv6 in
 * its short form (uWS may hand out the full one), an IPv4-mapped IPv6 address as
 * plain IPv4 (a hub listening on :: sees IPv4 clients so). Text that is no IP
 * address comes back as given.
 */
export function canonicalAddress(text: string): string {
  if (isIP(text) !== 6) return text;
  const short = new URL(`http://[${text}]`).hostname.slice(1, -1);
  const mapped = MAPPED_V4.exec(short);
  if (!mapped) return short;
  const [high, low] = [Number.parseInt(mapped[1]!, 16), Number.parseInt(mapped[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * The address a request comes from. From a proxy in `trustedProxies`, it is the
 * address that proxy saw, the last one of X-Forwarded-For (nginx's
 * $proxy_add_x_forwarded_for appends it), skipping further trusted proxies of a
 * chain; the entries before it are the client's own word and count for nothing.
 * From anyone else, X-Forwarded-For is ignored: it is the socket's address.
 */
export function clientAddress(remote: string, forwardedFor: string, trustedProxies: ReadonlySet<string>): string {
  let address = canonicalAddress(remote);
  if (!trustedProxies.has(address)) return address;
  const hops = forwardedFor.split(',').map((hop) => canonicalAddress(hop.trim()));
  while (trustedProxies.has(address)) {
    const hop = hops.pop();
    if (hop === undefined || isIP(hop) === 0) return address;
    address = hop;
  }
  return address;
}
