import { DEFAULT_RETENTION, longestRetentionMs } from '../store/tiers.js';

/** How far a sample's own time may lie from the hub's clock before the hub stops believing it. */
export interface ClockLimits {
  /** Furthest ahead of the hub's receive time (--max-clock-ahead). */
  aheadMs: number;
  /** Furthest behind it: the reach of the longest-kept tier, past which no data is kept anyway. */
  behindMs: number;
}

/** Five minutes ahead; behind, the default retention's longest tier. */
export const DEFAULT_CLOCK_LIMITS: ClockLimits = Object.freeze({ aheadMs: 300_000, behindMs: longestRetentionMs(DEFAULT_RETENTION) });

/**
 * The time the hub keeps for a sample dated `tsMs` that reached a hub at `hubRxMs`:
 * its own when within the limits, else the receive time. Refusing such a sample
 * would close the socket of an agent whose clock drifted, again at every reconnect;
 * believing it would let one agent's clock steer alerts, eviction and retention.
 */
export function judgedTsMs(tsMs: number, hubRxMs: number, limits: ClockLimits): number {
  return tsMs > hubRxMs + limits.aheadMs || tsMs < hubRxMs - limits.behindMs ? hubRxMs : tsMs;
}
