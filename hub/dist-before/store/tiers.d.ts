import type { Tier } from '@hostpulse/protocol';
/** A roll-up tier: buckets of `bucketMs`, stored a row per host and `periodMs`. */
export interface RollupTier {
    tier: Exclude<Tier, 'raw'>;
    bucketMs: number;
    periodMs: number;
    table: string;
}
/** The roll-up tiers, finest first. */
export declare const ROLLUP_TIERS: readonly RollupTier[];
/** How long each tier keeps its data, in milliseconds. */
export type Retention = Readonly<Record<Tier, number>>;
/** Raw 1 s samples for 48 hours, 1-minute roll-ups for 90 days, 1-hour roll-ups for 2 years. */
export declare const DEFAULT_RETENTION: Retention;
//# sourceMappingURL=tiers.d.ts.map