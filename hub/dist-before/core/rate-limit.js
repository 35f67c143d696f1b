/** Most frames of one burst, whatever the replay window and interval: two days at 1 s. */
export const MAX_BURST_FRAMES = 172_800;
/**
 * Frames an agent may send beyond its replay window before the limit applies: a
 * minute of samples at the fastest interval the agent accepts (--interval 100).
 */
export const RATE_LIMIT_SLACK_FRAMES = 600;
/** Fastest sustained rate allowed, frames per second: twice the fastest agent (--interval 100). */
export const RATE_LIMIT_MAX_PER_SEC = 20;
/** Slowest sustained rate allowed, frames per second, whatever interval the agent announces. */
export const RATE_LIMIT_MIN_PER_SEC = 1;
/**
 * What one dashboard socket may send: a burst of 20 messages (a page opening
 * subscribes to three topics; a user flipping quickly through hosts sends two per
 * host), then 5 a second. Each subscribe may cost a multi-MB snapshot, so a
 * socket past it is closed with rateLimited.
 */
export const LIVE_BUCKET_SHAPE = { capacity: 20, refillPerSec: 5 };
/**
 * New host ids one remote address may announce: 500 at once (a rack behind one
 * NAT address after a hub restart), then 5 a second. Hellos for hosts the hub
 * knows are never limited by it.
 */
export const NEW_HOST_BUCKET_SHAPE = { capacity: 500, refillPerSec: 5 };
/**
 * The limit of an agent announcing `intervalMs` to a hub keeping `historyMs` of raw
 * samples. The burst covers a replay of that whole window (what a reconnecting
 * agent sends at once: 3600 samples for an hour at 1 s) plus slack; the sustained rate
 * is twice the announced one, within RATE_LIMIT_MIN_PER_SEC..RATE_LIMIT_MAX_PER_SEC.
 */
export function agentBucketShape(historyMs, intervalMs) {
    const refillPerSec = Math.min(RATE_LIMIT_MAX_PER_SEC, Math.max(RATE_LIMIT_MIN_PER_SEC, 2000 / intervalMs));
    const window = Math.min(MAX_BURST_FRAMES, Math.max(1, Math.ceil(historyMs / intervalMs)));
    return { capacity: window + RATE_LIMIT_SLACK_FRAMES, refillPerSec };
}
/** A token bucket: `take` spends one token, tokens come back continuously up to the capacity. */
export class TokenBucket {
    #shape;
    #tokens;
    #lastMs;
    constructor(shape, nowMs) {
        this.#shape = shape;
        this.#tokens = shape.capacity;
        this.#lastMs = nowMs;
    }
    /** Whether the bucket is full again, so dropping it loses nothing. */
    isFull(nowMs) {
        return this.available(nowMs) >= this.#shape.capacity;
    }
    /** Tokens available now (fractional). */
    available(nowMs) {
        this.#refill(nowMs);
        return this.#tokens;
    }
    /** Spends one token; false (and nothing spent) when none is left. */
    take(nowMs) {
        this.#refill(nowMs);
        if (this.#tokens < 1)
            return false;
        this.#tokens -= 1;
        return true;
    }
    /** Changes capacity and rate (an agent announced another interval), keeping what is left. */
    reshape(shape, nowMs) {
        this.#refill(nowMs);
        this.#shape = shape;
        this.#tokens = Math.min(this.#tokens, shape.capacity);
    }
    #refill(nowMs) {
        const elapsedMs = Math.max(0, nowMs - this.#lastMs);
        this.#lastMs = nowMs;
        this.#tokens = Math.min(this.#shape.capacity, this.#tokens + (elapsedMs / 1000) * this.#shape.refillPerSec);
    }
}
//# sourceMappingURL=rate-limit.js.map