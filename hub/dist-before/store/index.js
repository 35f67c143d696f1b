// @hostpulse/hub/store: the history store's on-disk pieces the bench reads and writes
// directly (it prefills a database as the hub would write it, and measures its tiers).
export { encodeBlock, decodeBlock } from './chunk-codec.js';
export { openDatabase } from './database.js';
export { DiskWrites } from './disk-writes.js';
export { CHUNK_ROWS, RowBlock } from './row-block.js';
export { ROLLUP_TIERS } from './tiers.js';
//# sourceMappingURL=index.js.map