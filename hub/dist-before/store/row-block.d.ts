import type { ColumnKey, HostSample } from '@hostpulse/protocol';
import type { ColumnBlock } from './chunk-codec.js';
/** Rows a raw chunk holds at most: about two minutes at 1 s. */
export declare const CHUNK_ROWS = 128;
/**
 * Samples of one run of one host, column by column: the open chunk a host fills
 * (capacity CHUNK_ROWS) or a decoded stored one. Rows are in arrival order, which
 * is seq order except for a late sample, which gets a chunk of its own. Host-wide
 * figures are a column each; list entries are kept by name, in first-seen order.
 */
export declare class RowBlock {
    #private;
    n: number;
    readonly runId: string;
    readonly capacity: number;
    constructor(runId: string, capacity?: number);
    /** A block decoded from storage; throws when it is not a raw chunk. */
    static fromBlock(block: ColumnBlock): RowBlock;
    /** Seq of row `i`. */
    seq(i: number): number;
    /** Agent timestamp of row `i`. */
    tsMs(i: number): number;
    /** Newest seq held, 0 when empty. */
    get lastSeq(): number;
    /**
     * Whether the sample can be appended: same run, room left, seq after the last, no
     * filesystem changing type, and its lists in the order the block holds them (so
     * every sample comes back exactly as sent; agents keep a steady order anyway).
     */
    accepts(sample: HostSample): boolean;
    /** Appends a sample the block accepts (see `accepts`). */
    append(sample: HostSample): void;
    /** Column keys of the sample figures (identity columns left out). */
    figureKeys(): ColumnKey[];
    /** A column's values (length ≥ n; NaN where a row lacks it), or undefined when no row has it. */
    column(key: ColumnKey): Float64Array | undefined;
    /** The rows as a block to encode, trimmed to `n`. */
    toBlock(): ColumnBlock;
    /** Bytes the open columns take. */
    get memoryBytes(): number;
    /** Rebuilds row `i` as the sample the agent sent, with the hub's receive time. */
    sample(hostId: string, i: number): HostSample;
}
//# sourceMappingURL=row-block.d.ts.map