import type { SeriesResponse } from '@hostpulse/protocol';
import type { DiskReader } from './disk-reader.js';
import type { HostHistory } from './host-history.js';
import { type RollupTier } from './tiers.js';
/** What a series query asks. */
export interface SeriesRequest {
    hostId: string;
    /** The host's sample interval: the raw tier's resolution. */
    intervalMs: number;
    fromMs: number;
    toMs: number;
    points: number;
    /** Most bytes the answer may take as JSON; it gets wider buckets until it fits. */
    maxBytes: number;
    /** The newest sample held: where a live stream continues. */
    runId: string | null;
    lastSeq: number;
}
/** The coarsest tier that still gives `points` buckets over `spanMs`; raw when none does. */
export declare function pickTier(spanMs: number, points: number, hasRollups: boolean): RollupTier | null;
/**
 * A host's chart lines over [fromMs, toMs] in at most `points` buckets: from the
 * coarsest roll-up tier that still gives that many (plus the newest raw rows not
 * yet rolled up), else from raw samples, in memory first and on disk beyond it.
 * Buckets are whole multiples of the tier's resolution, aligned to the epoch.
 */
export declare function querySeries(history: HostHistory, disk: DiskReader | null, req: SeriesRequest): SeriesResponse;
//# sourceMappingURL=series-query.d.ts.map