import type Database from 'better-sqlite3';
import { type ColumnBlock } from './chunk-codec.js';
import type { RawChunk } from './host-history.js';
import { RowBlock } from './row-block.js';
import type { RollupTier } from './tiers.js';
/**
 * The hub's reads of its database, on the event loop through a read-only
 * connection: what to restore at start-up, seqs older than memory, and the rows
 * a series query needs beyond the memory window. WAL lets these read while the
 * disk worker writes.
 */
export declare class DiskReader {
    #private;
    constructor(db: Database.Database);
    /** Every stored host, with the info the hub saved of it. */
    hosts(): {
        hostId: string;
        info: string;
    }[];
    /** The newest seq stored of each run, by host. */
    lastSeqs(): Map<string, Map<string, number>>;
    /** Raw chunks that end at or after `sinceMs`, oldest first: the memory window to restore. */
    rawSince(sinceMs: number): RawChunk[];
    /** Raw rows of a host with data in [fromMs, toMs] that start before `beforeMs`, decoded, oldest first. */
    rawBetween(hostId: string, fromMs: number, toMs: number, beforeMs: number): RowBlock[];
    /** Whether the disk holds this seq of this run (for a sample older than the memory window). */
    holdsSeq(hostId: string, runId: string, seq: number): boolean;
    /** A tier's roll-up blocks of a host overlapping [fromMs, toMs]. */
    rollups(tier: RollupTier, hostId: string, fromMs: number, toMs: number): ColumnBlock[];
    /** Saved state entries whose key starts with `prefix`, by key. */
    state(prefix: string): [key: string, value: string][];
    /** Closes the connection. */
    close(): void;
}
//# sourceMappingURL=disk-reader.d.ts.map