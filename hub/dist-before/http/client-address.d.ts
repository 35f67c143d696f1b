/**
 * One spelling per address, so limits and lists compare like with like: IPv6 in
 * its short form (uWS may hand out the full one), an IPv4-mapped IPv6 address as
 * plain IPv4 (a hub listening on :: sees IPv4 clients so). Text that is no IP
 * address comes back as given.
 */
export declare function canonicalAddress(text: string): string;
/**
 * The address a request comes from. From a proxy in `trustedProxies`, it is the
 * address that proxy saw, the last one of X-Forwarded-For (nginx's
 * $proxy_add_x_forwarded_for appends it), skipping further trusted proxies of a
 * chain; the entries before it are the client's own word and count for nothing.
 * From anyone else, X-Forwarded-For is ignored: it is the socket's address.
 */
export declare function clientAddress(remote: string, forwardedFor: string, trustedProxies: ReadonlySet<string>): string;
//# sourceMappingURL=client-address.d.ts.map