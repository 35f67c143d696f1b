export { encodeBlock, decodeBlock } from './chunk-codec.js';
export { openDatabase } from './database.js';
export { DiskWrites, type DiskFigures, type WriteOp } from './disk-writes.js';
export type { RawChunk } from './host-history.js';
export { CHUNK_ROWS, RowBlock } from './row-block.js';
export { ROLLUP_TIERS } from './tiers.js';
//# sourceMappingURL=index.d.ts.map