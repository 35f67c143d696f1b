/**
 * Whether a TLS proxy in front of the hub says the client came over https: the first
 * value of X-Forwarded-Proto (a chain of proxies appends theirs after it).
 */
export declare function forwardedHttps(forwardedProto: string): boolean;
//# sourceMappingURL=forwarded-proto.d.ts.map