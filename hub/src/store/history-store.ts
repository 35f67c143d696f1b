import { MAX_WINDOW_LOAD_BYTES, type SeriesResponse, type StorageStats } from '@hostpulse/protocol';
import { DataDirError, openDatabase } from './database.js';
import { lockDataDir } from './data-dir-lock.js';
import type { OnDamaged } from './damaged-blocks.js';
import { DiskReader } from './disk-reader.js';
import type { DiskFigures } from './disk-writes.js';
import { DiskWriter } from './disk-writer.js';
import { HostHistory, type ChunkSink, type RawChunk } from './host-history.js';
import { querySeries } from './series-query.js';
import { DEFAULT_RETENTION, longestRetentionMs, type Retention } from './tiers.js';
import type { StateStore } from './state-store.js';
import { DEFAULT_ALERT_HISTORY_MS, type AlertEventStore } from './alert-events.js';

/** How often each host's open chunk is written early, so a crash loses at most this much that agents must replay. */
export const FLUSH_OPEN_EVERY_MS = 10_000;
/** How often memory drops what is past its window. */
export const EVICT_EVERY_MS = 5_000;
/**
 * Longest stretch of encoding between two turns of the event loop: chunks that
 * seal together (hosts that started together) are encoded a few at a time, so a
 * sample arriving meanwhile waits at most about this long.
 */
export const ENCODE_SLICE_MS = 3;
/**
 * Most sealed chunks left waiting (as columns, about 100-200 KB each): past it, each
 * new seal encodes a waiting chunk at once, so ingest faster than the slices can
 * encode (a replay) paces itself instead of filling memory with columns.
 */
export const MAX_WAITING_CHUNKS = 128;

/** How a store is set up. */
export interface HistoryStoreOptions {
  /** Where the database lives; null keeps memory only. */
  dataDir: string | null;
  /** How long samples stay in memory (--history). */
  memoryMs: number;
  retention?: Retention;
  /** --max-disk in bytes; null for no cap. */
  maxBytes?: number | null;
  /** How long alert events stay on disk (--alert-history). */
  alertHistoryMs?: number;
  /** A write failed (the disk is full, say): counted and logged by the hub. */
  onFault?: (message: string, code: string) => void;
  /** A stored chunk or roll-up did not decode and is left out of answers: told once per block. */
  onDamaged?: OnDamaged;
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
export class HistoryStore implements StateStore, AlertEventStore {
  readonly dataDir: string | null;
  readonly retention: Retention;
  /** How long alert events are kept. */
  readonly alertHistoryMs: number;
  readonly #memoryMs: number;
  readonly #maxBytes: number | null;
  readonly #histories = new Map<string, HostHistory>();
  /** Hosts with chunks waiting to be encoded, in the order they asked. */
  readonly #waiting = new Set<HostHistory>();
  /** Sealed chunks of all hosts waiting to be encoded. */
  #waitingChunks = 0;
  #encoding = false;
  /**
   * State saved in this run, newest value per key, deleted keys as null: what
   * readState answers before the disk worker has committed it.
   */
  readonly #state = new Map<string, string | null>();
  readonly #writer: DiskWriter | null;
  readonly #reader: DiskReader | null;
  readonly #unlock: () => void;
  readonly #sink: ChunkSink | null;
  readonly #nowMs: () => number;
  readonly #onFault: (message: string, code: string) => void;
  readonly #onDamaged: OnDamaged;
  /** Stored blocks found damaged in this run, by name. */
  readonly #damaged = new Set<string>();
  #figures: DiskFigures = { fileBytes: 0, tiers: [] };
  /** Why the disk refuses writes now (kept back and tried again), or null while they land. */
  #writesHeld: string | null = null;
  #lastFlushMs: number;
  #lastEvictMs: number;
  #isOpen = true;

  /** Opens the store; with a data dir, checks and locks it first and throws a DataDirError naming what is wrong. */
  constructor({ dataDir, memoryMs, retention = DEFAULT_RETENTION, maxBytes = null, alertHistoryMs = DEFAULT_ALERT_HISTORY_MS, onFault = () => {}, onDamaged = () => {}, onHousekeeping = () => {}, nowMs = Date.now }: HistoryStoreOptions) {
    this.dataDir = dataDir;
    this.retention = retention;
    this.alertHistoryMs = alertHistoryMs;
    this.#memoryMs = memoryMs;
    this.#maxBytes = maxBytes;
    this.#nowMs = nowMs;
    this.#onFault = onFault;
    this.#onDamaged = onDamaged;
    this.#lastFlushMs = nowMs();
    this.#lastEvictMs = nowMs();
    if (dataDir === null) {
      this.#writer = null;
      this.#reader = null;
      this.#sink = null;
      this.#unlock = () => {};
      return;
    }
    openDatabase(dataDir).close();
    this.#unlock = lockDataDir(dataDir);
    try {
      this.#reader = new DiskReader(openDatabase(dataDir, { readonly: true }), this.#noteDamaged);
    } catch (err) {
      this.#unlock();
      throw err instanceof DataDirError ? err : new DataDirError(`${dataDir}: ${(err as Error).message}`, { cause: err });
    }
    const writer = new DiskWriter(
      { dataDir, retention, maxBytes, alertHistoryMs },
      {
        committed: (rolledUp) => {
          this.#writesHeld = null;
          for (const r of rolledUp) this.#histories.get(r.hostId)?.markRolledUp(r.runId, r.firstSeq);
        },
        fault: (message, code, held) => {
          if (held) this.#writesHeld = `${code}: ${message}`;
          this.#onFault(message, code);
        },
        damaged: this.#noteDamaged,
        figures: (figures) => {
          this.#figures = figures;
        },
        housekeeping: onHousekeeping,
      },
    );
    this.#writer = writer;
    this.#sink = { chunk: (chunk, sealed) => writer.write({ op: 'chunk', chunk, sealed }) };
  }

  /** Whether the store takes and serves samples: from its opening until close() begins. /readyz reports it. */
  get isOpen(): boolean {
    return this.#isOpen;
  }

  /**
   * Notes a host with encoding work waiting, and starts the sliced encoding when it
   * is not running; past MAX_WAITING_CHUNKS a new seal first encodes one waiting chunk.
   */
  #queueWork(history: HostHistory, sealed: boolean): void {
    this.#waiting.add(history);
    if (sealed && ++this.#waitingChunks > MAX_WAITING_CHUNKS) this.#encodeOne();
    if (this.#encoding) return;
    this.#encoding = true;
    setImmediate(() => this.#encodeSlice());
  }

  /** Does one piece of waiting work, from the host that has waited longest; false when none was left. */
  #encodeOne(): boolean {
    for (const history of this.#waiting) {
      const done = history.encodeNext(this.#nowMs());
      if (done === 'sealed') this.#waitingChunks--;
      if (done !== null) return true;
      this.#waiting.delete(history);
    }
    return false;
  }

  /** Encodes waiting chunks for at most ENCODE_SLICE_MS, then yields to the event loop and goes on. */
  #encodeSlice(): void {
    const end = performance.now() + ENCODE_SLICE_MS;
    while (this.#encodeOne()) if (performance.now() >= end) return void setImmediate(() => this.#encodeSlice());
    this.#encoding = false;
  }

  /** Encodes everything waiting at once (flush and shutdown). */
  #encodeAll(): void {
    while (this.#encodeOne());
  }

  /** Whether history reaches disk. */
  get isPersistent(): boolean {
    return this.#writer !== null;
  }

  /** The most raw samples the hub keeps, in time: what an agent may replay at once. */
  get replayWindowMs(): number {
    return this.isPersistent ? Math.max(this.#memoryMs, this.retention.raw) : this.#memoryMs;
  }

  /** The longest any data is kept: a host offline longer than this is forgotten. */
  get longestKeepMs(): number {
    return this.isPersistent ? longestRetentionMs(this.retention) : this.#memoryMs;
  }

  /** A host's history, made empty the first time it is asked for. */
  history(hostId: string): HostHistory {
    let history = this.#histories.get(hostId);
    if (!history) {
      const created = new HostHistory(hostId, this.#sink, (sealed) => this.#queueWork(created, sealed), this.#noteDamaged);
      history = created;
      this.#histories.set(hostId, history);
    }
    return history;
  }

  /** The hosts on disk, each with its memory window and runs' last seqs restored. */
  restore(): StoredHost[] {
    if (!this.#reader) return [];
    const lastSeqs = this.#reader.lastSeqs();
    const recent = new Map<string, RawChunk[]>();
    for (const chunk of this.#reader.rawSince(this.#nowMs() - this.#memoryMs)) {
      if (!recent.has(chunk.hostId)) recent.set(chunk.hostId, []);
      recent.get(chunk.hostId)!.push(chunk);
    }
    return this.#reader.hosts().map(({ hostId, info }) => {
      const history = this.history(hostId);
      history.restore(recent.get(hostId) ?? [], lastSeqs.get(hostId) ?? new Map());
      return { hostId, info, history };
    });
  }

  /** Saves what the hub knows of a host besides its samples (JSON it made). */
  saveHost(hostId: string, info: string): void {
    this.#writer?.write({ op: 'host', hostId, info });
  }

  /** Forgets a host and deletes its history. */
  deleteHost(hostId: string): void {
    this.#histories.delete(hostId);
    this.#writer?.write({ op: 'deleteHost', hostId });
  }

  /**
   * Saves a small piece of the hub's own state (alert states, queued deliveries,
   * minted tokens) under `key`, on disk with a data dir and in memory without. Keys
   * are namespaced by a prefix such as `alert/`; values are JSON text.
   */
  putState(key: string, value: string): void {
    this.#state.set(key, value);
    this.#writer?.write({ op: 'putState', key, value });
  }

  /** Deletes a saved state entry. */
  deleteState(key: string): void {
    this.#state.set(key, null);
    this.#writer?.write({ op: 'deleteState', key });
  }

  /** Saved state entries whose key starts with `prefix`, by key: this run's and, with a data dir, those from before. */
  readState(prefix: string): [key: string, value: string][] {
    const entries = new Map(this.#reader?.state(prefix) ?? []);
    for (const [key, value] of this.#state) {
      if (!key.startsWith(prefix)) continue;
      if (value === null) entries.delete(key);
      else entries.set(key, value);
    }
    return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Saves an alert event (alerts/alert-history.ts) with a data dir; without one, keeps nothing. */
  putAlertEvent(id: number, tsMs: number, hostId: string, event: string): void {
    this.#writer?.write({ op: 'alertEvent', id, tsMs, hostId, event });
  }

  /** Committed alert events with ids below `beforeId`, of one host or all, newest first; none without a data dir. */
  alertEvents(hostId: string | undefined, beforeId: number, limit: number): string[] {
    return this.#reader?.alertEvents(hostId, beforeId, limit) ?? [];
  }

  /** The highest alert event id on disk, 0 for none. */
  lastAlertEventId(): number {
    return this.#reader?.lastAlertEventId() ?? 0;
  }

  /** Whether the disk holds a seq older than memory. */
  holdsOnDisk(hostId: string, runId: string, seq: number): boolean {
    return this.#reader?.holdsSeq(hostId, runId, seq) ?? false;
  }

  /** A host's chart lines over a range, sized to the screen; see querySeries. */
  series(hostId: string, req: { intervalMs: number; fromMs: number; toMs: number; points: number; runId: string | null; lastSeq: number; maxBytes?: number }): SeriesResponse {
    return querySeries(this.history(hostId), this.#reader, { hostId, ...req, maxBytes: req.maxBytes ?? MAX_WINDOW_LOAD_BYTES });
  }

  /** Periodic work: writes open chunks early now and then, and drops from memory what is older than its window. */
  tick(): void {
    const now = this.#nowMs();
    const flush = now - this.#lastFlushMs >= FLUSH_OPEN_EVERY_MS;
    const evict = now - this.#lastEvictMs >= EVICT_EVERY_MS;
    if (flush) this.#lastFlushMs = now;
    if (evict) this.#lastEvictMs = now;
    for (const history of this.#histories.values()) {
      if (flush) history.requestFlush();
      if (!evict) continue;
      const lost = history.evictBefore(now - this.#memoryMs, now - 4 * this.#memoryMs);
      if (lost > 0) this.#onFault(`${lost} samples of ${history.hostId} dropped from memory: the disk has not taken them for four memory windows`, 'dropped');
    }
  }

  /** What the store holds, for /api/stats and /metrics. */
  stats(): StorageStats {
    let memoryBytes = 0;
    for (const history of this.#histories.values()) memoryBytes += history.memoryBytes;
    return { dataDir: this.dataDir, memoryBytes, fileBytes: this.#figures.fileBytes, maxBytes: this.#maxBytes, tiers: this.#figures.tiers, damagedBlocks: this.#damaged.size };
  }

  /** Counts a damaged block once, however many reads meet it. */
  readonly #noteDamaged: OnDamaged = (block, message) => {
    if (this.#damaged.has(block)) return;
    this.#damaged.add(block);
    this.#onDamaged(block, message);
  };

  /** Why the disk refuses writes now (a full disk, say; they are kept and tried again), or null while writes land. */
  get writesHeld(): string | null {
    return this.#writesHeld;
  }

  /**
   * Resolves with true once every write so far is on disk, chunks waiting to be
   * encoded included; with false at once while the disk refuses writes.
   */
  async flush(): Promise<boolean> {
    this.#encodeAll();
    return (await this.#writer?.flush()) ?? true;
  }

  /** Seals every open chunk, writes everything, closes the database and releases the data dir. */
  async close(): Promise<void> {
    this.#isOpen = false;
    for (const history of this.#histories.values()) history.seal();
    this.#encodeAll();
    await this.#writer?.close();
    this.#reader?.close();
    this.#unlock();
  }
}
