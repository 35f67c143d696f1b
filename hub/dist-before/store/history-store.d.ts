import { type SeriesResponse, type StorageStats } from '@hostpulse/protocol';
import { HostHistory } from './host-history.js';
import { type Retention } from './tiers.js';
import type { StateStore } from './state-store.js';
/** How often each host's open chunk is written early, so a crash loses at most this much that agents must replay. */
export declare const FLUSH_OPEN_EVERY_MS = 10000;
/** How often memory drops what is past its window. */
export declare const EVICT_EVERY_MS = 5000;
/**
 * Longest stretch of encoding between two turns of the event loop: chunks that
 * seal together (hosts that started together) are encoded a few at a time, so a
 * sample arriving meanwhile waits at most about this long.
 */
export declare const ENCODE_SLICE_MS = 3;
/**
 * Most sealed chunks left waiting (as columns, about 100-200 KB each): past it, each
 * new seal encodes a waiting chunk at once, so ingest faster than the slices can
 * encode (a replay) paces itself instead of filling memory with columns.
 */
export declare const MAX_WAITING_CHUNKS = 128;
/** How a store is set up. */
export interface HistoryStoreOptions {
    /** Where the database lives; null keeps memory only. */
    dataDir: string | null;
    /** How long samples stay in memory (--history). */
    memoryMs: number;
    retention?: Retention;
    /** --max-disk in bytes; null for no cap. */
    maxBytes?: number | null;
    /** A write failed (the disk is full, say): counted and logged by the hub. */
    onFault?: (message: string, code: string) => void;
    /** Retention or the size cap deleted rows. */
    onHousekeeping?: (purgedRows: number, cappedRows: number) => void;
    nowMs?: () => number;
}
/** A host read back from disk at start-up. */
export interface StoredHost {
    hostId: string;
    /** What the hub saved of it (see HostRegistry). */
    info: string;
    history: HostHistory;
}
/**
 * The hub's history: each host's recent samples in memory (HostHistory), and with
 * a data dir, every sealed chunk and its roll-ups in SQLite, written by a worker
 * thread and read back for windows older than memory and after a restart.
 */
export declare class HistoryStore implements StateStore {
    #private;
    readonly dataDir: string | null;
    readonly retention: Retention;
    /** Opens the store; with a data dir, checks and locks it first and throws a DataDirError naming what is wrong. */
    constructor({ dataDir, memoryMs, retention, maxBytes, onFault, onHousekeeping, nowMs }: HistoryStoreOptions);
    /** Whether the store takes and serves samples: from its opening until close() begins. /readyz reports it. */
    get isOpen(): boolean;
    /** Whether history reaches disk. */
    get isPersistent(): boolean;
    /** The most raw samples the hub keeps, in time: what an agent may replay at once. */
    get replayWindowMs(): number;
    /** The longest any data is kept: a host offline longer than this is forgotten. */
    get longestKeepMs(): number;
    /** A host's history, made empty the first time it is asked for. */
    history(hostId: string): HostHistory;
    /** The hosts on disk, each with its memory window and runs' last seqs restored. */
    restore(): StoredHost[];
    /** Saves what the hub knows of a host besides its samples (JSON it made). */
    saveHost(hostId: string, info: string): void;
    /** Forgets a host and deletes its history. */
    deleteHost(hostId: string): void;
    /**
     * Saves a small piece of the hub's own state (alert states, queued deliveries,
     * minted tokens) under `key`, on disk with a data dir and in memory without. Keys
     * are namespaced by a prefix such as `alert/`; values are JSON text.
     */
    putState(key: string, value: string): void;
    /** Deletes a saved state entry. */
    deleteState(key: string): void;
    /** Saved state entries whose key starts with `prefix`, by key: this run's and, with a data dir, those from before. */
    readState(prefix: string): [key: string, value: string][];
    /** Whether the disk holds a seq older than memory. */
    holdsOnDisk(hostId: string, runId: string, seq: number): boolean;
    /** A host's chart lines over a range, sized to the screen; see querySeries. */
    series(hostId: string, req: {
        intervalMs: number;
        fromMs: number;
        toMs: number;
        points: number;
        runId: string | null;
        lastSeq: number;
        maxBytes?: number;
    }): SeriesResponse;
    /** Periodic work: writes open chunks early now and then, and drops from memory what is older than its window. */
    tick(): void;
    /** What the store holds, for /api/stats and /metrics. */
    stats(): StorageStats;
    /** Resolves once every write so far is on disk, chunks waiting to be encoded included. */
    flush(): Promise<void>;
    /** Seals every open chunk, writes everything, closes the database and releases the data dir. */
    close(): Promise<void>;
}
//# sourceMappingURL=history-store.d.ts.map