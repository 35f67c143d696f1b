/**
 * A block of rows held column by column: every column has `n` values, NaN where a
 * row lacks the figure. `meta` is text the caller keeps with the block (run id,
 * labels). Raw chunks and roll-ups are both stored as blocks.
 */
export interface ColumnBlock {
    n: number;
    meta: string;
    columns: [key: string, values: Float64Array][];
}
/**
 * Encodes a block, losslessly for every double (NaN, infinities and -0 included):
 * each column as varint deltas of its values scaled to whole numbers when they
 * have at most three decimals (what agents send), else as raw doubles; then the
 * whole block deflated.
 */
export declare function encodeBlock(block: ColumnBlock): Uint8Array;
/** Decodes what encodeBlock made; throws on anything else. */
export declare function decodeBlock(bytes: Uint8Array): ColumnBlock;
//# sourceMappingURL=chunk-codec.d.ts.map