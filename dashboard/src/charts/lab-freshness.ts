import { LAB_MAX_INTERVAL_MS, LAB_MIN_INTERVAL_MS } from '@hostpulse/protocol';
import type { LabFigures } from '@hostpulse/protocol';
import type { Mode } from '../routing/url-state.js';

/** One second of the lab's viewers' own figures, and the mode they were in. */
export interface LabPoint {
  tsMs: number;
  mode: Mode;
  figures: LabFigures;
}

/** Seconds of push figures the preset looks back over. */
const PUSH_POINTS_CONSIDERED = 10;

/**
 * Data age p95 of push viewers lately: the median of the last seconds' p95 in push,
 * from the lab's viewers; null when the lab has not run in push.
 */
export function recentPushAgeP95(history: readonly LabPoint[]): number | null {
  const ages = history
    .filter((p) => p.mode === 'push' && p.figures.dataAgeP95Ms !== null)
    .slice(-PUSH_POINTS_CONSIDERED)
    .map((p) => p.figures.dataAgeP95Ms!)
    .sort((a, b) => a - b);
  return ages.length === 0 ? null : ages[Math.floor(ages.length / 2)]!;
}

/**
 * The poll interval whose data age p95 equals push's. A poller sees a sample on its
 * next poll, so its data is between 0 and one interval old, evenly spread, with p95 at
 * 0.95 of the interval. `clamped` says the lab's fastest (or slowest) interval was
 * taken instead of the one that would match.
 */
export function matchingPollIntervalMs(pushAgeP95Ms: number): { intervalMs: number; clamped: boolean } {
  const exact = Math.round(pushAgeP95Ms / 0.95);
  const intervalMs = Math.min(LAB_MAX_INTERVAL_MS, Math.max(LAB_MIN_INTERVAL_MS, exact));
  return { intervalMs, clamped: intervalMs !== exact };
}
