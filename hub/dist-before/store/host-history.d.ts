import type { HostSample } from '@hostpulse/protocol';
import { RowBlock } from './row-block.js';
/** A raw chunk: one run's rows of one host, encoded, with what an index needs. */
export interface RawChunk {
    hostId: string;
    runId: string;
    firstSeq: number;
    lastSeq: number;
    fromMs: number;
    toMs: number;
    rows: number;
    bytes: Uint8Array;
}
/** Where sealed chunks (and flushed open ones) go to be kept on disk; null keeps memory only. */
export interface ChunkSink {
    /** A chunk to store; `sealed` false for an open chunk written early, to be replaced when sealed. */
    chunk(chunk: RawChunk, sealed: boolean): void;
}
/**
 * Rows of a host's first chunk in a hub process: fewer than CHUNK_ROWS by an amount
 * taken from its id, so hosts that start together (a hub restart, a fleet rollout)
 * do not all seal in the same second ever after.
 */
export declare function firstChunkRows(hostId: string): number;
/** Outcome of adding a sample. */
export type HistoryAddResult = 'stored' | 'duplicate';
/** A block of rows in a time range, for queries, and whether it is already in the roll-ups. */
export interface BlockInRange {
    rows: RowBlock;
    rolledUp: boolean;
}
/**
 * One host's recent samples in memory: the open chunk being filled, column by
 * column, and the sealed chunks of the window, compressed. Nothing holds sample
 * objects; a sample is rebuilt from its columns when it is sent. Encoding is work
 * done later, in slices (`encodeNext`, driven by the store), so a thousand hosts
 * sealing in the same second do not hold up the event loop: a sealed chunk stays
 * readable as columns until its turn, then goes to the sink (disk) encoded; the
 * open one is written early when asked (`requestFlush`).
 */
export declare class HostHistory {
    #private;
    readonly hostId: string;
    /**
     * `onWork` is told when encoding work is waiting (`sealed` when it is a sealed
     * chunk, false for an early write): the store then calls `encodeNext` until it
     * says none is left.
     */
    constructor(hostId: string, sink: ChunkSink | null, onWork?: (sealed: boolean) => void);
    /** Takes chunks read back from disk at start-up (oldest first) and the newest seq of the host's runs. */
    restore(chunks: RawChunk[], lastSeqs: ReadonlyMap<string, number>): void;
    /** Newest seq the hub holds of this run, 0 when none. */
    lastSeqOf(runId: string): number;
    /**
     * Stores a sample. One with a seq its run already passed is a duplicate when held
     * (`isHeldElsewhere` asks the disk for seqs older than memory); otherwise it is a
     * late sample and gets a chunk of its own.
     */
    add(sample: HostSample, isHeldElsewhere: (runId: string, seq: number) => boolean): HistoryAddResult;
    /** Seals the open chunk: it joins the window, to be encoded and sent to the sink in its turn. */
    seal(): void;
    /** Asks for the open chunk to be written early, when it gained rows since, so a crash loses little. */
    requestFlush(): void;
    /**
     * Does one piece of waiting work: encodes the oldest sealed chunk not yet encoded
     * and sends it to the sink ('sealed'), or else writes the open chunk early when
     * asked ('flush'). Returns null when nothing was waiting.
     */
    encodeNext(): 'sealed' | 'flush' | null;
    /** Notes that the disk holds the roll-ups of the chunk of `runId` starting at `firstSeq`. */
    markRolledUp(runId: string, firstSeq: number): void;
    /**
     * Drops sealed chunks that end before `ms` from memory once the disk holds them,
     * and any that end before `forceMs` (a disk that stays full must not fill memory).
     * Returns how many rows were dropped before the disk took them.
     */
    evictBefore(ms: number, forceMs: number): number;
    /** Start of the oldest sample held in memory, or undefined when none. */
    get oldestMs(): number | undefined;
    /**
     * Samples of run `runId` after `afterSeq`, oldest first, at most the newest `limit`.
     * With no run, the newest `limit` samples across runs.
     */
    samplesAfter(runId: string | undefined, afterSeq: number, limit: number): HostSample[];
    /** Blocks with rows in [fromMs, toMs], oldest first (the open chunk last). */
    blocksBetween(fromMs: number, toMs: number): BlockInRange[];
    /** Bytes held: compressed chunks and the open chunk's columns. */
    get memoryBytes(): number;
}
//# sourceMappingURL=host-history.d.ts.map