import { type Reply } from '../http/reply.js';
/**
 * The host name of a Host header (`name`, `name:port`, `1.2.3.4:port`,
 * `[::1]:port`), lowercased without a trailing dot; undefined when it is none of these.
 */
export declare function hostNameOf(hostHeader: string): string | undefined;
/** Whether a host name is an IP literal (dotted IPv4, or bracketed IPv6 as a Host header carries it). */
export declare function isIpLiteral(hostName: string): boolean;
/**
 * The names the hub answers to with data. A page that rebinds its own DNS name to
 * this hub's address reaches it with its own name in the Host header, so data
 * routes refuse every name but `localhost`, IP literals (no DNS involved) and the
 * host names of the --public-url values. A request with no Host header comes from
 * no browser and passes; tokens still apply.
 */
export declare class HostNamePolicy {
    #private;
    constructor(publicUrls: readonly string[]);
    /** Whether a request with this Host header may reach /api, /live or /metrics. */
    isAllowed(hostHeader: string): boolean;
}
/** The 421 answer to a request naming a host the hub does not answer to; the name is cut short, it is the client's text. */
export declare function misdirectedReply(hostHeader: string): Reply;
//# sourceMappingURL=host-names.d.ts.map