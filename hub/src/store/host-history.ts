import type { HostSample } from '@hostpulse/protocol';
import { decodeBlock, encodeBlock } from './chunk-codec.js';
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

/** A chunk held in memory, and whether its roll-ups are known to be on disk. */
interface HeldChunk extends RawChunk {
  rolledUp: boolean;
  /**
   * The rows decoded, kept for the newest sealed chunk until the next eviction pass:
   * polls that just missed the seal read it without decoding it each.
   */
  decoded: RowBlock | undefined;
}

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
 * objects; a sample is rebuilt from its columns when it is sent. Sealed chunks go
 * to the sink (disk) as they seal; the open one every flush.
 */
export class HostHistory {
  readonly hostId: string;
  #head: RowBlock | null = null;
  readonly #chunks: HeldChunk[] = [];
  readonly #sink: ChunkSink | null;
  /** Newest seq held per run (memory or disk), for welcome.lastSeq and duplicates. */
  readonly #lastSeq = new Map<string, number>();
  #headFlushedRows = 0;

  constructor(hostId: string, sink: ChunkSink | null) {
    this.hostId = hostId;
    this.#sink = sink;
  }

  /** Takes chunks read back from disk at start-up (oldest first) and the newest seq of the host's runs. */
  restore(chunks: RawChunk[], lastSeqs: ReadonlyMap<string, number>): void {
    for (const chunk of chunks) this.#chunks.push({ ...chunk, rolledUp: true, decoded: undefined });
    for (const [runId, seq] of lastSeqs) this.#lastSeq.set(runId, seq);
  }

  /** Newest seq the hub holds of this run, 0 when none. */
  lastSeqOf(runId: string): number {
    return this.#lastSeq.get(runId) ?? 0;
  }

  /**
   * Stores a sample. One with a seq its run already passed is a duplicate when held
   * (`isHeldElsewhere` asks the disk for seqs older than memory); otherwise it is a
   * late sample and gets a chunk of its own.
   */
  add(sample: HostSample, isHeldElsewhere: (runId: string, seq: number) => boolean): HistoryAddResult {
    const last = this.lastSeqOf(sample.runId);
    if (sample.seq <= last) {
      if (this.#holds(sample.runId, sample.seq) || isHeldElsewhere(sample.runId, sample.seq)) return 'duplicate';
      const late = new RowBlock(sample.runId, 1);
      late.append(sample);
      this.#keep(late, false);
      return 'stored';
    }
    if (this.#head && !this.#head.accepts(sample)) this.seal();
    this.#head ??= new RowBlock(sample.runId);
    this.#head.append(sample);
    this.#lastSeq.set(sample.runId, sample.seq);
    return 'stored';
  }

  /** Seals the open chunk: encodes it, keeps it in the window and sends it to the sink. */
  seal(): void {
    const head = this.#head;
    if (!head || head.n === 0) return;
    this.#head = null;
    this.#headFlushedRows = 0;
    for (const chunk of this.#chunks) chunk.decoded = undefined;
    this.#keep(head, true);
  }

  /** Sends the open chunk to the sink early when it gained rows since, so a crash loses little. */
  flushOpen(): void {
    const head = this.#head;
    if (!this.#sink || !head || head.n === this.#headFlushedRows) return;
    this.#headFlushedRows = head.n;
    this.#sink.chunk(this.#describe(head, encodeBlock(head.toBlock())), false);
  }

  /** Notes that the disk holds the roll-ups of the chunk of `runId` starting at `firstSeq`. */
  markRolledUp(runId: string, firstSeq: number): void {
    const chunk = this.#chunks.find((c) => c.runId === runId && c.firstSeq === firstSeq);
    if (chunk) chunk.rolledUp = true;
  }

  /**
   * Drops sealed chunks that end before `ms` from memory once the disk holds them,
   * and any that end before `forceMs` (a disk that stays full must not fill memory).
   * Returns how many rows were dropped before the disk took them.
   */
  evictBefore(ms: number, forceMs: number): number {
    let drop = 0;
    let lost = 0;
    const newest = this.#chunks[this.#chunks.length - 1];
    if (newest) newest.decoded = undefined;
    for (const chunk of this.#chunks) {
      if (chunk.toMs >= ms || !(chunk.rolledUp || chunk.toMs < forceMs)) break;
      if (!chunk.rolledUp) lost += chunk.rows;
      drop++;
    }
    if (drop > 0) this.#chunks.splice(0, drop);
    return lost;
  }

  /** Start of the oldest sample held in memory, or undefined when none. */
  get oldestMs(): number | undefined {
    return this.#chunks[0]?.fromMs ?? (this.#head && this.#head.n > 0 ? this.#head.tsMs(0) : undefined);
  }

  /**
   * Samples of run `runId` after `afterSeq`, oldest first, at most the newest `limit`.
   * With no run, the newest `limit` samples across runs.
   */
  samplesAfter(runId: string | undefined, afterSeq: number, limit: number): HostSample[] {
    const rows: [block: RowBlock, i: number, runRank: number][] = [];
    // Runs rank by their oldest block seen here, so runs come in time order and each run in seq order.
    const runRank = new Map<string, number>();
    let position = this.#chunks.length + 1;
    const take = (block: RowBlock): void => {
      runRank.set(block.runId, position--);
      for (let i = block.n - 1; i >= 0; i--) if (runId === undefined || block.seq(i) > afterSeq) rows.push([block, i, 0]);
    };
    const head = this.#head;
    if (head && head.n > 0 && (runId === undefined || head.runId === runId)) take(head);
    // Chunks of a run hold rising seqs in time order (a late sample's own chunk aside), so the newest come first.
    for (let c = this.#chunks.length - 1; c >= 0 && rows.length < limit; c--) {
      const chunk = this.#chunks[c]!;
      if (runId !== undefined && (chunk.runId !== runId || chunk.lastSeq <= afterSeq)) continue;
      take(this.#decode(chunk));
    }
    for (const row of rows) row[2] = runRank.get(row[0].runId)!;
    rows.sort(([a, i, ra], [b, j, rb]) => ra - rb || a.seq(i) - b.seq(j));
    return rows.slice(-limit).map(([block, i]) => block.sample(this.hostId, i));
  }

  /** Blocks with rows in [fromMs, toMs], oldest first (the open chunk last). */
  blocksBetween(fromMs: number, toMs: number): BlockInRange[] {
    const out: BlockInRange[] = [];
    for (const chunk of this.#chunks) {
      if (chunk.toMs < fromMs || chunk.fromMs > toMs) continue;
      out.push({ rows: this.#decode(chunk), rolledUp: chunk.rolledUp });
    }
    const head = this.#head;
    if (head && head.n > 0 && head.tsMs(head.n - 1) >= fromMs && head.tsMs(0) <= toMs) out.push({ rows: head, rolledUp: false });
    return out;
  }

  /** Bytes held: compressed chunks and the open chunk's columns. */
  get memoryBytes(): number {
    let bytes = this.#head?.memoryBytes ?? 0;
    for (const chunk of this.#chunks) bytes += chunk.bytes.length + (chunk.decoded?.memoryBytes ?? 0);
    return bytes;
  }

  #holds(runId: string, seq: number): boolean {
    const blocks = [...(this.#head ? [this.#head] : []), ...this.#chunks.filter((c) => c.runId === runId && c.firstSeq <= seq && c.lastSeq >= seq).map((c) => this.#decode(c))];
    return blocks.some((block) => block.runId === runId && Array.from({ length: block.n }, (_, i) => block.seq(i)).includes(seq));
  }

  #decode(chunk: HeldChunk): RowBlock {
    return chunk.decoded ?? RowBlock.fromBlock(decodeBlock(chunk.bytes));
  }

  /** Encodes a block, keeps it in the window in time order and sends it to the sink. */
  #keep(rows: RowBlock, cacheDecoded: boolean): void {
    const chunk: HeldChunk = { ...this.#describe(rows, encodeBlock(rows.toBlock())), rolledUp: this.#sink === null, decoded: cacheDecoded ? rows : undefined };
    let at = this.#chunks.length;
    while (at > 0 && this.#chunks[at - 1]!.fromMs > chunk.fromMs) at--;
    this.#chunks.splice(at, 0, chunk);
    this.#sink?.chunk(chunk, true);
  }

  #describe(rows: RowBlock, bytes: Uint8Array): RawChunk {
    let firstSeq = Infinity;
    let lastSeq = 0;
    let fromMs = Infinity;
    let toMs = 0;
    for (let i = 0; i < rows.n; i++) {
      firstSeq = Math.min(firstSeq, rows.seq(i));
      lastSeq = Math.max(lastSeq, rows.seq(i));
      fromMs = Math.min(fromMs, rows.tsMs(i));
      toMs = Math.max(toMs, rows.tsMs(i));
    }
    return { hostId: this.hostId, runId: rows.runId, firstSeq, lastSeq, fromMs, toMs, rows: rows.n, bytes };
  }
}
