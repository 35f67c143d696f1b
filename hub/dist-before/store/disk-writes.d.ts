import type Database from 'better-sqlite3';
import type { TierStats } from '@hostpulse/protocol';
import type { RawChunk } from './host-history.js';
import { type Retention } from './tiers.js';
/** One change to the database. */
export type WriteOp = {
    op: 'chunk';
    chunk: RawChunk;
    sealed: boolean;
} | {
    op: 'host';
    hostId: string;
    info: string;
} | {
    op: 'deleteHost';
    hostId: string;
} | {
    op: 'putState';
    key: string;
    value: string;
} | {
    op: 'deleteState';
    key: string;
};
/** A sealed chunk whose roll-ups are now stored. */
export interface RolledUp {
    hostId: string;
    runId: string;
    firstSeq: number;
}
/** What the database holds, for /api/stats and /metrics. */
export interface DiskFigures {
    fileBytes: number;
    tiers: TierStats[];
}
/**
 * Every write the hub makes to its database, synchronous, in transactions: raw
 * chunks (an open one is replaced when it seals), their roll-ups into the 1-minute
 * and 1-hour tiers (merged into the period's row), hosts, retention purges and the
 * --max-disk cap. It runs in the disk worker, off the event loop.
 */
export declare class DiskWrites {
    #private;
    constructor(db: Database.Database);
    /** Applies ops in one transaction; returns the sealed chunks rolled up. All or nothing. */
    apply(ops: readonly WriteOp[]): RolledUp[];
    /**
     * Rolls up the chunks a crash left open (written early, never sealed): their rows
     * are final, since agents replay only what comes after them. Returns how many.
     */
    sealLeftOpen(): number;
    /** Deletes what each tier keeps no longer; returns rows deleted. */
    purge(nowMs: number, retention: Retention): number;
    /**
     * Deletes the oldest data until the database and its log fit in `maxBytes`: raw
     * rows first, then 1-minute, then 1-hour roll-ups. Returns rows deleted.
     */
    cap(maxBytes: number): number;
    /** The database file and its write-ahead log, in bytes. */
    fileBytes(): number;
    /** Bytes (pages of each tier's table and indexes), rows and oldest data per tier. */
    figures(): DiskFigures;
}
//# sourceMappingURL=disk-writes.d.ts.map