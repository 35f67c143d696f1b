import type { Tier } from '@hostpulse/protocol';

/** A roll-up tier: buckets of `bucketMs`, stored a row per host and `periodMs`. */
export interface RollupTier {
  tier: Exclude<Tier, 'raw'>;
  bucketMs: number;
  periodMs: number;
  table: string;
}

/** The roll-up tiers, finest first. */
export const ROLLUP_TIERS: readonly RollupTier[] = [
  { tier: '1m', bucketMs: 60_000, periodMs: 3_600_000, table: 'rollup_1m' },
  { tier: '1h', bucketMs: 3_600_000, periodMs: 86_400_000, table: 'rollup_1h' },
];

/** How long each tier keeps its data, in milliseconds. */
export type Retention = Readonly<Record<Tier, number>>;

/** Raw 1 s samples for 48 hours, 1-minute roll-ups for 90 days, 1-hour roll-ups for 2 years. */
export const DEFAULT_RETENTION: Retention = { raw: 48 * 3_600_000, '1m': 90 * 86_400_000, '1h': 730 * 86_400_000 };

/** The longest any tier of `retention` keeps its data: how far back the hub keeps anything. */
export function longestRetentionMs(retention: Retention): number {
  return Math.max(...Object.values(retention));
}
