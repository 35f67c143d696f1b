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
export const LIVE_BUCKET_SHAPE: BucketShape = { capacity: 20, refillPerSec: 5 };

/**
 * New host ids one remote address may announce: 500 at once (a rack behind one
 * NAT address after a hub restart), then 5 a second. Hellos for hosts the hub
 * knows are never limited by it.
 */
export const NEW_HOST_BUCKET_SHAPE: BucketShape = { capacity: 500, refillPerSec: 5 };

/**
 * Series answers (GET /api/hosts/:id/series) one client address may have built: 40
 * at once (a dashboard opening a few hosts, a user flipping through windows), then
 * 10 a second. Each is a window folded on the event loop, tens of milliseconds for
 * the widest hosts, so one client polling back to back cannot take the loop; past
 * it the client gets 429 with Retry-After. An answer the client holds (304) is free.
 */
export const SERIES_BUCKET_SHAPE: BucketShape = { capacity: 40, refillPerSec: 10 };

/** How often AddressBuckets drops the buckets that are full again. */
const ADDRESS_PRUNE_EVERY_MS = 10_000;

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
export function agentBucketShape(historyMs: number, intervalMs: number): BucketShape {
  const refillPerSec = Math.min(RATE_LIMIT_MAX_PER_SEC, Math.max(RATE_LIMIT_MIN_PER_SEC, 2000 / intervalMs));
  const window = Math.min(MAX_BURST_FRAMES, Math.max(1, Math.ceil(historyMs / intervalMs)));
  return { capacity: window + RATE_LIMIT_SLACK_FRAMES, refillPerSec };
}

/** A token bucket: `take` spends one token, tokens come back continuously up to the capacity. */
export class TokenBucket {
  #shape: BucketShape;
  #tokens: number;
  #lastMs: number;

  constructor(shape: BucketShape, nowMs: number) {
    this.#shape = shape;
    this.#tokens = shape.capacity;
    this.#lastMs = nowMs;
  }

  /** Whether the bucket is full again, so dropping it loses nothing. */
  isFull(nowMs: number): boolean {
    return this.available(nowMs) >= this.#shape.capacity;
  }

  /** Tokens available now (fractional). */
  available(nowMs: number): number {
    this.#refill(nowMs);
    return this.#tokens;
  }

  /** Spends one token; false (and nothing spent) when none is left. */
  take(nowMs: number): boolean {
    this.#refill(nowMs);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is available: 0 when one is now. */
  msUntilToken(nowMs: number): number {
    const missing = 1 - this.available(nowMs);
    return missing <= 0 ? 0 : Math.ceil((missing * 1000) / this.#shape.refillPerSec);
  }

  /** Changes capacity and rate (an agent announced another interval), keeping what is left. */
  reshape(shape: BucketShape, nowMs: number): void {
    this.#refill(nowMs);
    this.#shape = shape;
    this.#tokens = Math.min(this.#tokens, shape.capacity);
  }

  #refill(nowMs: number): void {
    const elapsedMs = Math.max(0, nowMs - this.#lastMs);
    this.#lastMs = nowMs;
    this.#tokens = Math.min(this.#shape.capacity, this.#tokens + (elapsedMs / 1000) * this.#shape.refillPerSec);
  }
}

/**
 * A token bucket per client address, made on its first take; buckets full again
 * are dropped every ADDRESS_PRUNE_EVERY_MS (such an address is as good as new), so
 * only addresses seen lately are held.
 */
export class AddressBuckets {
  readonly #shape: BucketShape;
  readonly #buckets = new Map<string, TokenBucket>();
  #prunedMs = 0;

  constructor(shape: BucketShape) {
    this.#shape = shape;
  }

  /** Spends one of `address`'s tokens: 0 when it had one, else the milliseconds until it will (nothing spent). */
  take(address: string, nowMs: number): number {
    if (nowMs - this.#prunedMs >= ADDRESS_PRUNE_EVERY_MS) {
      this.#prunedMs = nowMs;
      for (const [key, bucket] of this.#buckets) if (bucket.isFull(nowMs)) this.#buckets.delete(key);
    }
    let bucket = this.#buckets.get(address);
    if (!bucket) {
      bucket = new TokenBucket(this.#shape, nowMs);
      this.#buckets.set(address, bucket);
    }
    return bucket.take(nowMs) ? 0 : bucket.msUntilToken(nowMs);
  }
}
