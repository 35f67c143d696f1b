/**
 * Whether a TLS proxy in front of the hub says the client came over https: the first
 * value of X-Forwarded-Proto (a chain of proxies appends theirs after it).
 */
export function forwardedHttps(forwardedProto) {
    return forwardedProto.split(',')[0]?.trim().toLowerCase() === 'https';
}
//# sourceMappingURL=forwarded-proto.js.map