import type Database from 'better-sqlite3';
import { statementCache } from './database.js';
import type { TierStats } from '@hostpulse/protocol';
import { asRollupBlock, Buckets } from './buckets.js';
import { decodeBlock, encodeBlock } from './chunk-codec.js';
import { decodeStored, rawChunkName, rollupName, type OnDamaged } from './damaged-blocks.js';
import type { RawChunk } from './host-history.js';
import { RowBlock } from './row-block.js';
import { ROLLUP_TIERS, type Retention, type RollupTier } from './tiers.js';

/** One change to the database. */
export type WriteOp =
  | { op: 'chunk'; chunk: RawChunk; sealed: boolean }
  | { op: 'host'; hostId: string; info: string }
  | { op: 'deleteHost'; hostId: string }
  | { op: 'putState'; key: string; value: string }
  | { op: 'deleteState'; key: string }
  | { op: 'alertEvent'; id: number; tsMs: number; hostId: string; event: string };

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
 * --max-disk cap. It runs in the disk worker, off the event loop. A stored block
 * that does not decode is reported to `onDamaged` and left as it is: a chunk left
 * open is not rolled up, a roll-up row takes no more rows.
 */
export class DiskWrites {
  readonly #db: Database.Database;
  /** A prepared statement, made once per SQL text. */
  readonly #sql: (text: string) => Database.Statement;
  readonly #putChunk: Database.Statement;
  readonly #putHost: Database.Statement;
  readonly #onDamaged: OnDamaged;

  constructor(db: Database.Database, onDamaged: OnDamaged = () => {}) {
    this.#db = db;
    this.#sql = statementCache(db);
    this.#onDamaged = onDamaged;
    this.#putChunk = db.prepare(
      `INSERT INTO raw (host_id, run_id, first_seq, last_seq, from_ms, to_ms, rows, sealed, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (host_id, run_id, first_seq) DO UPDATE SET last_seq = excluded.last_seq, from_ms = excluded.from_ms, to_ms = excluded.to_ms,
         rows = excluded.rows, sealed = excluded.sealed, data = excluded.data`,
    );
    this.#putHost = db.prepare('INSERT INTO hosts (host_id, info) VALUES (?, ?) ON CONFLICT (host_id) DO UPDATE SET info = excluded.info');
  }

  /** Applies ops in one transaction; returns the sealed chunks rolled up. All or nothing. */
  apply(ops: readonly WriteOp[]): RolledUp[] {
    return this.#db.transaction(() => {
      const rolled: RolledUp[] = [];
      for (const op of ops) {
        switch (op.op) {
          case 'chunk': {
            const c = op.chunk;
            this.#putChunk.run(c.hostId, c.runId, c.firstSeq, c.lastSeq, c.fromMs, c.toMs, c.rows, op.sealed ? 1 : 0, c.bytes);
            if (op.sealed) {
              this.#rollUp(c.hostId, RowBlock.fromBlock(decodeBlock(c.bytes)));
              rolled.push({ hostId: c.hostId, runId: c.runId, firstSeq: c.firstSeq });
            }
            break;
          }
          case 'host':
            this.#putHost.run(op.hostId, op.info);
            break;
          case 'deleteHost':
            for (const table of ['hosts', 'raw', ...ROLLUP_TIERS.map((t) => t.table)]) this.#sql(`DELETE FROM ${table} WHERE host_id = ?`).run(op.hostId);
            break;
          case 'putState':
            this.#sql('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(op.key, op.value);
            break;
          case 'deleteState':
            this.#sql('DELETE FROM state WHERE key = ?').run(op.key);
            break;
          case 'alertEvent':
            this.#sql('INSERT OR IGNORE INTO alert_events (id, ts_ms, host_id, event) VALUES (?, ?, ?, ?)').run(op.id, op.tsMs, op.hostId, op.event);
            break;
          default: {
            const unreachable: never = op;
            return unreachable;
          }
        }
      }
      return rolled;
    })();
  }

  /**
   * Rolls up the chunks a crash left open (written early, never sealed): their rows
   * are final, since agents replay only what comes after them. Returns how many.
   */
  sealLeftOpen(): number {
    const open = this.#sql('SELECT host_id AS hostId, run_id AS runId, first_seq AS firstSeq, data FROM raw WHERE sealed = 0').all() as {
      hostId: string;
      runId: string;
      firstSeq: number;
      data: Buffer;
    }[];
    this.#db.transaction(() => {
      for (const row of open) {
        const rows = decodeStored(row.data, RowBlock.fromBlock, () => rawChunkName(row.hostId, row.runId, row.firstSeq), this.#onDamaged);
        if (rows) this.#rollUp(row.hostId, rows);
      }
      this.#sql('UPDATE raw SET sealed = 1 WHERE sealed = 0').run();
    })();
    return open.length;
  }

  /** Deletes what each tier keeps no longer; returns rows deleted. */
  purge(nowMs: number, retention: Retention): number {
    let deleted = this.#sql('DELETE FROM raw WHERE to_ms < ?').run(nowMs - retention.raw).changes;
    for (const tier of ROLLUP_TIERS) deleted += this.#sql(`DELETE FROM ${tier.table} WHERE to_ms < ?`).run(nowMs - retention[tier.tier]).changes;
    if (deleted > 0) this.#db.pragma('incremental_vacuum');
    return deleted;
  }

  /** Deletes at most `max` alert events older than `beforeMs`, oldest first; returns how many. */
  purgeAlertEvents(beforeMs: number, max: number): number {
    return this.#sql('DELETE FROM alert_events WHERE id IN (SELECT id FROM alert_events WHERE ts_ms < ? ORDER BY ts_ms LIMIT ?)').run(beforeMs, max).changes;
  }

  /**
   * Deletes the oldest data until the database and its log fit in `maxBytes`: raw
   * rows first, then 1-minute, then 1-hour roll-ups. Returns rows deleted.
   */
  cap(maxBytes: number): number {
    let deleted = 0;
    for (const table of ['raw', ...ROLLUP_TIERS.map((t) => t.table)]) {
      for (let excess = this.fileBytes() - maxBytes; excess > 0; excess = this.fileBytes() - maxBytes) {
        // As many of the oldest rows as the excess holds at this table's mean row size, so a few steps get under the cap.
        const mean = (this.#sql(`SELECT AVG(LENGTH(data)) AS mean FROM ${table}`).get() as { mean: number | null }).mean ?? 1;
        const step = Math.max(1, Math.ceil(excess / Math.max(1, mean)));
        const changes = this.#sql(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} ORDER BY to_ms LIMIT ?)`).run(step).changes;
        if (changes === 0) break;
        deleted += changes;
        this.#db.pragma('incremental_vacuum');
        this.#db.pragma('wal_checkpoint(TRUNCATE)');
      }
    }
    return deleted;
  }

  /** The database file and its write-ahead log, in bytes. */
  fileBytes(): number {
    const pages = this.#db.pragma('page_count', { simple: true }) as number;
    const pageSize = this.#db.pragma('page_size', { simple: true }) as number;
    const wal = this.#db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    return (pages + Math.max(0, wal[0]?.log ?? 0)) * pageSize;
  }

  /** Bytes (pages of each tier's table and indexes), rows and oldest data per tier. */
  figures(): DiskFigures {
    const pages = new Map((this.#sql('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[]).map((r) => [r.name, r.bytes]));
    const indexes = this.#sql("SELECT name, tbl_name AS tbl FROM sqlite_schema WHERE type = 'index'").all() as { name: string; tbl: string }[];
    const bytesOf = (table: string) => (pages.get(table) ?? 0) + indexes.filter((i) => i.tbl === table).reduce((sum, i) => sum + (pages.get(i.name) ?? 0), 0);
    const tierRow = (tier: string, table: string): TierStats => {
      const row = this.#sql(`SELECT COUNT(*) AS rows, MIN(from_ms) AS oldest FROM ${table}`).get() as { rows: number; oldest: number | null };
      return { tier, bytes: bytesOf(table), rows: row.rows, oldestMs: row.oldest };
    };
    return { fileBytes: this.fileBytes(), tiers: [tierRow('raw', 'raw'), ...ROLLUP_TIERS.map((t) => tierRow(t.tier, t.table))] };
  }

  /** Folds a chunk's rows into each roll-up tier's rows for the periods they fall in. */
  #rollUp(hostId: string, rows: RowBlock): void {
    for (const tier of ROLLUP_TIERS) {
      const periods = new Set<number>();
      for (let i = 0; i < rows.n; i++) periods.add(Math.floor(rows.tsMs(i) / tier.periodMs) * tier.periodMs);
      for (const fromMs of periods) this.#mergePeriod(tier, hostId, fromMs, rows);
    }
  }

  #mergePeriod(tier: RollupTier, hostId: string, fromMs: number, rows: RowBlock): void {
    const toMs = fromMs + tier.periodMs;
    const buckets = new Buckets(tier.bucketMs);
    const existing = this.#sql(`SELECT data FROM ${tier.table} WHERE host_id = ? AND from_ms = ?`).get(hostId, fromMs) as { data: Buffer } | undefined;
    if (existing) {
      const block = decodeStored(existing.data, asRollupBlock, () => rollupName(tier.table, hostId, fromMs), this.#onDamaged);
      if (!block) return;
      buckets.addBlock(block);
    }
    buckets.addRows(rows, fromMs, toMs);
    const data = encodeBlock(buckets.toBlock());
    this.#sql(`INSERT INTO ${tier.table} (host_id, from_ms, to_ms, data) VALUES (?, ?, ?, ?) ON CONFLICT (host_id, from_ms) DO UPDATE SET data = excluded.data`)
      .run(hostId, fromMs, toMs, data);
  }
}
