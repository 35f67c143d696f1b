/** Most frames of one burst, whatever the replay window and interval: two days at 1 s. */
export declare const MAX_BURST_FRAMES = 172800;
/**
 * Frames an agent may send beyond its replay window before the limit applies: a
 * minute of samples at the fastest interval the agent accepts (--interval 100).
 */
export declare const RATE_LIMIT_SLACK_FRAMES = 600;
/** Fastest sustained rate allowed, frames per second: twice the fastest agent (--interval 100). */
export declare const RATE_LIMIT_MAX_PER_SEC = 20;
/** Slowest sustained rate allowed, frames per second, whatever interval the agent announces. */
export declare const RATE_LIMIT_MIN_PER_SEC = 1;
/**
 * What one dashboard socket may send: a burst of 20 messages (a page opening
 * subscribes to three topics; a user flipping quickly through hosts sends two per
 * host), then 5 a second. Each subscribe may cost a multi-MB snapshot, so a
 * socket past it is closed with rateLimited.
 */
export declare const LIVE_BUCKET_SHAPE: BucketShape;
/**
 * New host ids one remote address may announce: 500 at once (a rack behind one
 * NAT address after a hub restart), then 5 a second. Hellos for hosts the hub
 * knows are never limited by it.
 */
export declare const NEW_HOST_BUCKET_SHAPE: BucketShape;
/** How many frames an agent may send at once and how fast that allowance comes back. */
export interface BucketShape {
    capacity: number;
    refillPerSec: number;
}
/**
 * The limit of an agent announcing `intervalMs` to a hub keeping `historyMs` of raw
 * samples. The burst covers a replay of that whole window (what a reconnecting
 * agent sends at once: 3600 samples for an hour at 1 s) plus slack; the sustained rate
 * is twice the announced one, within RATE_LIMIT_MIN_PER_SEC..RATE_LIMIT_MAX_PER_SEC.
 */
export declare function agentBucketShape(historyMs: number, intervalMs: number): BucketShape;
/** A token bucket: `take` spends one token, tokens come back continuously up to the capacity. */
export declare class TokenBucket {
    #private;
    constructor(shape: BucketShape, nowMs: number);
    /** Whether the bucket is full again, so dropping it loses nothing. */
    isFull(nowMs: number): boolean;
    /** Tokens available now (fractional). */
    available(nowMs: number): number;
    /** Spends one token; false (and nothing spent) when none is left. */
    take(nowMs: number): boolean;
    /** Changes capacity and rate (an agent announced another interval), keeping what is left. */
    reshape(shape: BucketShape, nowMs: number): void;
}
//# sourceMappingURL=rate-limit.d.ts.map