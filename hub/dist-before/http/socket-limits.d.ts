/** Open descriptors and their soft limit. */
export interface Descriptors {
    open: number;
    limit: number;
}
/**
 * This process's descriptors, from /proc; null where /proc is missing (not Linux).
 * With none left even /proc cannot be read: that counts as every one open.
 */
export declare function readDescriptors(): Descriptors | null;
/** Why a new socket is refused: past the per-address cap, or too few descriptors left. */
export type SocketRefusal = 'tooManySockets' | 'outOfDescriptors';
/** What SocketLimits decides from. */
export interface SocketLimitsOptions {
    /** Most open sockets from one client address (--max-sockets-per-address). */
    maxPerAddress: number;
    /** Reads the process's open descriptors and their limit (readDescriptors, or a fake in tests). */
    descriptors?: () => Descriptors | null;
    nowMs?: () => number;
}
/**
 * Decides whether a WebSocket may open, before it exists: at most `maxPerAddress`
 * per client address, and only while descriptors are left over for everything
 * else (a spare of 1/16 of the limit, at least 64). Out of descriptors, Node and
 * uWS fail at whatever opens a file or accepts a socket next; refusing the
 * upgrade first keeps the sockets already held, /healthz and the store working.
 * The open count is read at most once a second; sockets admitted since count as
 * open, so a burst cannot run past the limit between two reads.
 */
export declare class SocketLimits {
    #private;
    constructor({ maxPerAddress, descriptors, nowMs }: SocketLimitsOptions);
    /** Why a socket from `address` may not open now, or null when it may (then call opened and closed). */
    refusal(address: string): SocketRefusal | null;
    /** A socket from `address` opened. */
    opened(address: string): void;
    /** A socket from `address` closed. */
    closed(address: string): void;
}
//# sourceMappingURL=socket-limits.d.ts.map