/** How the hub reaches NATS (--nats, --nats-creds, --nats-max-age); secrets stay here and are never logged. */
export interface BusConfig {
    /** Server URLs without credentials: what the client dials and what logs and /api/stats show. */
    readonly servers: readonly string[];
    /** User and password from the URLs' user:password@. */
    readonly user: string | undefined;
    readonly pass: string | undefined;
    /** Token from the URLs' token@ (a user name with no password). */
    readonly token: string | undefined;
    /** Contents of the --nats-creds file (a JWT and an nkey seed). */
    readonly creds: string | undefined;
    /** How long the stream keeps samples for catch-up. */
    readonly maxAgeMs: number;
}
/**
 * Reads `--nats URL[,URL...]`: each nats:// or tls:// (a bare host:port is nats://),
 * each with the same credentials or none. An error names the flag and shows the URL
 * without its credentials.
 */
export declare function parseBusConfig(urls: string, credsFile: string | undefined, maxAgeMs: number): BusConfig;
//# sourceMappingURL=bus-config.d.ts.map