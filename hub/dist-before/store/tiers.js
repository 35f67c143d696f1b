/** The roll-up tiers, finest first. */
export const ROLLUP_TIERS = [
    { tier: '1m', bucketMs: 60_000, periodMs: 3_600_000, table: 'rollup_1m' },
    { tier: '1h', bucketMs: 3_600_000, periodMs: 86_400_000, table: 'rollup_1h' },
];
/** Raw 1 s samples for 48 hours, 1-minute roll-ups for 90 days, 1-hour roll-ups for 2 years. */
export const DEFAULT_RETENTION = { raw: 48 * 3_600_000, '1m': 90 * 86_400_000, '1h': 730 * 86_400_000 };
//# sourceMappingURL=tiers.js.map