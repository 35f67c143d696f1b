import type { HostSample } from '@hostpulse/protocol';
import { Buckets, type BucketSummary } from './buckets.js';
import { encodeBlock } from './chunk-codec.js';
import { decodeStored, rawChunkName, type OnDamaged } from './damaged-blocks.js';
import { CHUNK_ROWS, RowBlock } from './row-block.js';
import { ROLLUP_TIERS } from './tiers.js';

/** Buckets of a chunk's summary: the finest roll-up tier's, so a window that tier answers folds summaries alone. */
const SUMMARY_BUCKET_MS = ROLLUP_TIERS[0]!.bucketMs;

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
interface HeldChunk extends Omit<RawChunk, 'bytes'> {
  /** Encoded rows; null while the chunk waits for its turn to be encoded. */
  bytes: Uint8Array | null;
  rolledUp: boolean;
  /** The rows as columns while the chunk waits to be encoded; dropped once it is. */
  decoded: RowBlock | undefined;
  /** Its chart lines in minute buckets, made when it is encoded; undefined before, and for a chunk read back from disk. */
  summary: BucketSummary | undefined;
  /** When it went to the sink (the hub's clock); undefined before, and for a chunk read back from disk. */
  sentMs: number | undefined;
}

/**
 * Rows of a host's first chunk in a hub process: fewer than CHUNK_ROWS by an amount
 * taken from its id, so hosts that start together (a hub restart, a fleet rollout)
 * do not all seal in the same second ever after.
 */
export function firstChunkRows(hostId: string): number {
  let hash = 0;
  for (let i = 0; i < hostId.length; i++) hash = (hash * 31 + hostId.charCodeAt(i)) >>> 0;
  return CHUNK_ROWS - (hash % (CHUNK_ROWS / 2));
}

/** Outcome of adding a sample. */
export type HistoryAddResult = 'stored' | 'duplicate';

/**
 * One host's recent samples in memory: the open chunk being filled, column by
 * column, and the sealed chunks of the window, compressed. Nothing holds sample
 * objects; a sample is rebuilt from its columns when it is sent. Encoding is work
 * done later, in slices (`encodeNext`, driven by the store), so a thousand hosts
 * sealing in the same second do not hold up the event loop: a sealed chunk stays
 * readable as columns until its turn, then goes to the sink (disk) encoded; the
 * open one is written early when asked (`requestFlush`).
 */
export class HostHistory {
  readonly hostId: string;
  #head: RowBlock | null = null;
  readonly #chunks: HeldChunk[] = [];
  readonly #sink: ChunkSink | null;
  /** Newest seq held per run (memory or disk), for welcome.lastSeq and duplicates. */
  readonly #lastSeq = new Map<string, number>();
  #headFlushedRows = 0;
  /** Sealed chunks waiting to be encoded. */
  #unencoded = 0;
  #flushWanted = false;
  /** Whether a chunk of this host has sealed in this process (its first is shorter; see #nextCapacity). */
  #sealedAny = false;
  readonly #onWork: (sealed: boolean) => void;
  readonly #onDamaged: OnDamaged;

  /**
   * `onWork` is told when encoding work is waiting (`sealed` when it is a sealed
   * chunk, false for an early write): the store then calls `encodeNext` until it
   * says none is left. `onDamaged` is told of a chunk read back from disk that does
   * not decode; queries go on without it.
   */
  constructor(hostId: string, sink: ChunkSink | null, onWork: (sealed: boolean) => void = () => {}, onDamaged: OnDamaged = () => {}) {
    this.hostId = hostId;
    this.#sink = sink;
    this.#onWork = onWork;
    this.#onDamaged = onDamaged;
  }

  /** Takes chunks read back from disk at start-up (oldest first) and the newest seq of the host's runs. */
  restore(chunks: RawChunk[], lastSeqs: ReadonlyMap<string, number>): void {
    for (const chunk of chunks) this.#chunks.push({ ...chunk, rolledUp: true, decoded: undefined, summary: undefined, sentMs: undefined });
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
      this.#keep(late);
      return 'stored';
    }
    if (this.#head && !this.#head.accepts(sample)) this.seal();
    this.#head ??= new RowBlock(sample.runId, this.#nextCapacity());
    this.#head.append(sample);
    this.#lastSeq.set(sample.runId, sample.seq);
    return 'stored';
  }

  /** Seals the open chunk: it joins the window, to be encoded and sent to the sink in its turn. */
  seal(): void {
    const head = this.#head;
    if (!head || head.n === 0) return;
    this.#head = null;
    this.#headFlushedRows = 0;
    this.#flushWanted = false;
    this.#keep(head);
  }

  /** Asks for the open chunk to be written early, when it gained rows since, so a crash loses little. */
  requestFlush(): void {
    const head = this.#head;
    if (!this.#sink || !head || head.n === this.#headFlushedRows || this.#flushWanted) return;
    this.#flushWanted = true;
    this.#onWork(false);
  }

  /**
   * Does one piece of waiting work: encodes the oldest sealed chunk not yet encoded,
   * sums its lines up by the minute and sends it to the sink ('sealed'), or else
   * writes the open chunk early when asked ('flush'), at `nowMs`. Returns null when nothing was waiting.
   */
  encodeNext(nowMs = Date.now()): 'sealed' | 'flush' | null {
    if (this.#unencoded > 0) {
      const chunk = this.#chunks.find((c) => c.bytes === null)!;
      const rows = chunk.decoded!;
      chunk.bytes = encodeBlock(rows.toBlock());
      const minutes = new Buckets(SUMMARY_BUCKET_MS);
      minutes.addRows(rows);
      chunk.summary = minutes.summary(this.#chunks.findLast((c) => c.summary)?.summary?.ids);
      chunk.decoded = undefined;
      this.#unencoded--;
      chunk.sentMs = nowMs;
      this.#sink?.chunk({ ...chunk, bytes: chunk.bytes }, true);
      return 'sealed';
    }
    const head = this.#head;
    if (!this.#flushWanted || !this.#sink || !head) return null;
    this.#flushWanted = false;
    this.#headFlushedRows = head.n;
    this.#sink.chunk({ ...this.#describe(head), bytes: encodeBlock(head.toBlock()) }, false);
    return 'flush';
  }

  /** Notes that the disk holds the roll-ups of the chunk of `runId` starting at `firstSeq`. */
  markRolledUp(runId: string, firstSeq: number): void {
    const chunk = this.#chunks.find((c) => c.runId === runId && c.firstSeq === firstSeq);
    if (chunk) chunk.rolledUp = true;
  }

  /**
   * Drops sealed chunks that end before `ms` from memory once the disk holds them,
   * and any the disk has not taken since before `stuckMs` (a disk that stays full must
   * not fill memory). That is measured from when a chunk went to the disk, not from
   * its samples' times: a replay of hours-old samples stays readable until the disk
   * has it. Returns how many rows were dropped before the disk took them.
   */
  evictBefore(ms: number, stuckMs: number): number {
    let drop = 0;
    let lost = 0;
    for (const chunk of this.#chunks) {
      if (chunk.bytes === null || chunk.toMs >= ms || !(chunk.rolledUp || (chunk.sentMs ?? Infinity) < stuckMs)) break;
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
      const block = this.#decode(chunk);
      if (block) take(block);
    }
    for (const row of rows) row[2] = runRank.get(row[0].runId)!;
    rows.sort(([a, i, ra], [b, j, rb]) => ra - rb || a.seq(i) - b.seq(j));
    return rows.slice(-limit).map(([block, i]) => block.sample(this.hostId, i));
  }

  /**
   * Samples of run `runId` after `afterSeq`, oldest first, at most the oldest
   * `count`: chunks are read in seq order and only until `count` are found, so a
   * page of a long run costs that page, not the run.
   */
  samplesFrom(runId: string, afterSeq: number, count: number): HostSample[] {
    const blocks: [firstSeq: number, read: () => RowBlock | null][] = [];
    for (const chunk of this.#chunks) if (chunk.runId === runId && chunk.lastSeq > afterSeq) blocks.push([chunk.firstSeq, () => this.#decode(chunk)]);
    const head = this.#head;
    if (head && head.n > 0 && head.runId === runId) blocks.push([head.seq(0), () => head]);
    blocks.sort(([a], [b]) => a - b);
    let rows: [block: RowBlock, i: number][] = [];
    for (const [firstSeq, read] of blocks) {
      // A late sample's chunk may hold a lower seq than the chunk before it, so stop only past the count-th seq.
      if (rows.length === count && firstSeq > rows[count - 1]![0].seq(rows[count - 1]![1])) break;
      const block = read();
      if (!block) continue;
      for (let i = 0; i < block.n; i++) if (block.seq(i) > afterSeq) rows.push([block, i]);
      rows = rows.sort(([a, i], [b, j]) => a.seq(i) - b.seq(j)).slice(0, count);
    }
    return rows.map(([block, i]) => block.sample(this.hostId, i));
  }

  /**
   * Folds the rows within [fromMs, toMs) into `buckets`, oldest first (the open
   * chunk last); with `withRolledUp` false, only those of chunks not yet in the
   * roll-ups, so a query answered from a tier decodes none of the rest. When the
   * buckets are whole minutes, a chunk wholly within the range folds in its
   * summary: a long window decodes no more than the chunks at its two ends.
   */
  foldBetween(buckets: Buckets, fromMs: number, toMs: number, withRolledUp = true): void {
    const byMinute = buckets.bucketMs % SUMMARY_BUCKET_MS === 0;
    for (const chunk of this.#chunks) {
      if (chunk.toMs < fromMs || chunk.fromMs >= toMs || (chunk.rolledUp && !withRolledUp)) continue;
      if (byMinute && chunk.summary && chunk.fromMs >= fromMs && chunk.toMs < toMs) {
        buckets.addSummary(chunk.summary);
        continue;
      }
      const rows = this.#decode(chunk);
      if (rows) buckets.addRows(rows, fromMs, toMs);
    }
    const head = this.#head;
    if (head && head.n > 0 && head.tsMs(head.n - 1) >= fromMs && head.tsMs(0) < toMs) buckets.addRows(head, fromMs, toMs);
  }

  /** Bytes held: compressed chunks and the open chunk's columns. */
  get memoryBytes(): number {
    let bytes = this.#head?.memoryBytes ?? 0;
    for (const chunk of this.#chunks) bytes += (chunk.bytes?.length ?? 0) + (chunk.decoded?.memoryBytes ?? 0) + (chunk.summary?.figures.byteLength ?? 0);
    return bytes;
  }

  #holds(runId: string, seq: number): boolean {
    const blocks = [...(this.#head ? [this.#head] : []), ...this.#chunks.filter((c) => c.runId === runId && c.firstSeq <= seq && c.lastSeq >= seq).flatMap((c) => this.#decode(c) ?? [])];
    return blocks.some((block) => block.runId === runId && Array.from({ length: block.n }, (_, i) => block.seq(i)).includes(seq));
  }

  /** Rows of the next open chunk: CHUNK_ROWS, or firstChunkRows before the first seal. */
  #nextCapacity(): number {
    return this.#sealedAny ? CHUNK_ROWS : firstChunkRows(this.hostId);
  }

  /** The chunk's rows; null for one read back from disk that does not decode. */
  #decode(chunk: HeldChunk): RowBlock | null {
    return chunk.decoded ?? decodeStored(chunk.bytes!, RowBlock.fromBlock, () => rawChunkName(this.hostId, chunk.runId, chunk.firstSeq), this.#onDamaged);
  }

  /** Keeps sealed rows in the window in time order, waiting to be encoded. */
  #keep(rows: RowBlock): void {
    const chunk: HeldChunk = { ...this.#describe(rows), bytes: null, rolledUp: this.#sink === null, decoded: rows, summary: undefined, sentMs: undefined };
    let at = this.#chunks.length;
    while (at > 0 && this.#chunks[at - 1]!.fromMs > chunk.fromMs) at--;
    this.#chunks.splice(at, 0, chunk);
    this.#unencoded++;
    this.#sealedAny = true;
    this.#onWork(true);
  }

  #describe(rows: RowBlock): Omit<RawChunk, 'bytes'> {
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
    return { hostId: this.hostId, runId: rows.runId, firstSeq, lastSeq, fromMs, toMs, rows: rows.n };
  }
}
