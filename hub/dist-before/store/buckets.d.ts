import type { LineId, SeriesLine } from '@hostpulse/protocol';
import type { ColumnBlock } from './chunk-codec.js';
import type { RowBlock } from './row-block.js';
/**
 * Chart lines folded into time buckets of `bucketMs`: per bucket and line the
 * minimum, maximum, sum and count, so buckets merge exactly (averages weighted by
 * count). Raw rows and stored roll-ups both fold in; roll-ups are stored as blocks
 * of these buckets, and series answers are read from them.
 */
export declare class Buckets {
    #private;
    readonly bucketMs: number;
    /** Bucket start times, ascending. */
    readonly times: number[];
    constructor(bucketMs: number);
    /** Line ids seen, in first-seen order. */
    get lineIds(): LineId[];
    /** Folds in the rows of a raw block whose time is within [fromMs, toMs). */
    addRows(rows: RowBlock, fromMs?: number, toMs?: number): void;
    /** Folds in a roll-up block (as `toBlock` makes) whose buckets start within [fromMs, toMs). */
    addBlock(block: ColumnBlock, fromMs?: number, toMs?: number): void;
    /** Folds in every bucket of another set. */
    addBuckets(other: Buckets): void;
    /** The buckets as a roll-up block: times, then min/avg/max/count per line (avg rounded as the line is). */
    toBlock(): ColumnBlock;
    /** The buckets within [fromMs, toMs) with data, as the lines of a series answer. */
    toSeries(fromMs: number, toMs: number): {
        t: number[];
        lines: SeriesLine[];
    };
    /** The same data in buckets `factor` times wider. */
    coarsen(factor: number): Buckets;
}
//# sourceMappingURL=buckets.d.ts.map