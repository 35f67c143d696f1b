/**
 * Normalises an origin given in config (`https://dash.example.com:8443`) to what
 * browsers send in an Origin header, or undefined when it is not an http(s) origin.
 */
export declare function normaliseOrigin(text: string): string | undefined;
/** Whether an Origin header names the same host and port as the Host header, over http or https. */
export declare function isSameOrigin(origin: string, hostHeader: string): boolean;
/**
 * Which Origins may open a WebSocket to /live: the hub's own (as the Host header
 * names it) and those configured. A request with no Origin header is no browser
 * (agents, the bench, curl), so it is let through; its auth is checked separately.
 */
export declare class OriginPolicy {
    #private;
    constructor(allowedOrigins: readonly string[]);
    /** Whether a WebSocket upgrade with these Origin and Host headers may proceed. */
    isAllowed(origin: string, hostHeader: string): boolean;
}
//# sourceMappingURL=origin-policy.d.ts.map