import type Database from 'better-sqlite3';
import { statementCache } from './database.js';
import { asRollupBlock } from './buckets.js';
import type { ColumnBlock } from './chunk-codec.js';
import { decodeStored, rawChunkName, rollupName, type OnDamaged } from './damaged-blocks.js';
import type { RawChunk } from './host-history.js';
import { RowBlock } from './row-block.js';
import type { RollupTier } from './tiers.js';

/** A raw chunk as SQLite answers it: its blob is a Buffer named after the column. */
type RawRow = Omit<RawChunk, 'bytes'> & { data: Buffer };

const RAW_COLUMNS = 'host_id AS hostId, run_id AS runId, first_seq AS firstSeq, last_seq AS lastSeq, from_ms AS fromMs, to_ms AS toMs, rows, data';

// The row's Buffer is left behind: a restored chunk held both it and its copy.
const toChunk = ({ data, ...row }: RawRow): RawChunk => ({ ...row, bytes: new Uint8Array(data) });

/**
 * The hub's reads of its database, on the event loop through a read-only
 * connection: what to restore at start-up, seqs older than memory, and the rows
 * a series query needs beyond the memory window. WAL lets these read while the
 * disk worker writes. A block that does not decode is skipped and reported to `onDamaged`.
 */
export class DiskReader {
  readonly #db: Database.Database;
  /** A prepared statement, made once per SQL text. */
  readonly #sql: (text: string) => Database.Statement;
  readonly #onDamaged: OnDamaged;

  constructor(db: Database.Database, onDamaged: OnDamaged = () => {}) {
    this.#db = db;
    this.#sql = statementCache(db);
    this.#onDamaged = onDamaged;
  }

  /** Every stored host, with the info the hub saved of it. */
  hosts(): { hostId: string; info: string }[] {
    return this.#sql('SELECT host_id AS hostId, info FROM hosts').all() as { hostId: string; info: string }[];
  }

  /** The newest seq stored of each run, by host. */
  lastSeqs(): Map<string, Map<string, number>> {
    const rows = this.#sql('SELECT host_id AS hostId, run_id AS runId, MAX(last_seq) AS lastSeq FROM raw GROUP BY host_id, run_id').all() as {
      hostId: string;
      runId: string;
      lastSeq: number;
    }[];
    const out = new Map<string, Map<string, number>>();
    for (const row of rows) {
      if (!out.has(row.hostId)) out.set(row.hostId, new Map());
      out.get(row.hostId)!.set(row.runId, row.lastSeq);
    }
    return out;
  }

  /** Raw chunks that end at or after `sinceMs`, oldest first: the memory window to restore. */
  rawSince(sinceMs: number): RawChunk[] {
    return (this.#sql(`SELECT ${RAW_COLUMNS} FROM raw WHERE to_ms >= ? ORDER BY host_id, from_ms`).all(sinceMs) as RawRow[]).map(toChunk);
  }

  /** Raw rows of a host with data in [fromMs, toMs] that start before `beforeMs`, decoded, oldest first. */
  rawBetween(hostId: string, fromMs: number, toMs: number, beforeMs: number): RowBlock[] {
    const rows = this.#sql('SELECT run_id AS runId, first_seq AS firstSeq, data FROM raw WHERE host_id = ? AND to_ms >= ? AND from_ms <= ? AND from_ms < ? ORDER BY from_ms')
      .all(hostId, fromMs, toMs, beforeMs) as { runId: string; firstSeq: number; data: Buffer }[];
    return rows.flatMap((row) => this.#rawRows(hostId, row) ?? []);
  }

  /** Whether the disk holds this seq of this run (for a sample older than the memory window). */
  holdsSeq(hostId: string, runId: string, seq: number): boolean {
    const rows = this.#sql('SELECT run_id AS runId, first_seq AS firstSeq, data FROM raw WHERE host_id = ? AND run_id = ? AND first_seq <= ? AND last_seq >= ?')
      .all(hostId, runId, seq, seq) as { runId: string; firstSeq: number; data: Buffer }[];
    return rows.some((row) => {
      const block = this.#rawRows(hostId, row);
      if (!block) return false;
      for (let i = 0; i < block.n; i++) if (block.seq(i) === seq) return true;
      return false;
    });
  }

  /** A tier's roll-up blocks of a host overlapping [fromMs, toMs]. */
  rollups(tier: RollupTier, hostId: string, fromMs: number, toMs: number): ColumnBlock[] {
    const rows = this.#sql(`SELECT from_ms AS fromMs, data FROM ${tier.table} WHERE host_id = ? AND to_ms > ? AND from_ms <= ? ORDER BY from_ms`).all(hostId, fromMs, toMs) as {
      fromMs: number;
      data: Buffer;
    }[];
    return rows.flatMap((row) => decodeStored(row.data, asRollupBlock, () => rollupName(tier.table, hostId, row.fromMs), this.#onDamaged) ?? []);
  }

  /** Saved state entries whose key starts with `prefix`, by key. */
  state(prefix: string): [key: string, value: string][] {
    const rows = this.#sql('SELECT key, value FROM state WHERE substr(key, 1, ?) = ? ORDER BY key').all(prefix.length, prefix) as { key: string; value: string }[];
    return rows.map((row) => [row.key, row.value]);
  }

  /** Up to `limit` alert events (as saved JSON) with ids below `beforeId`, of one host or all, newest first. */
  alertEvents(hostId: string | undefined, beforeId: number, limit: number): string[] {
    const rows = (hostId === undefined
      ? this.#sql('SELECT event FROM alert_events WHERE id < ? ORDER BY id DESC LIMIT ?').all(beforeId, limit)
      : this.#sql('SELECT event FROM alert_events WHERE host_id = ? AND id < ? ORDER BY id DESC LIMIT ?').all(hostId, beforeId, limit)) as { event: string }[];
    return rows.map((row) => row.event);
  }

  /** The highest alert event id stored, 0 for none. */
  lastAlertEventId(): number {
    return (this.#sql('SELECT MAX(id) AS id FROM alert_events').get() as { id: number | null }).id ?? 0;
  }

  #rawRows(hostId: string, row: { runId: string; firstSeq: number; data: Buffer }): RowBlock | null {
    return decodeStored(row.data, RowBlock.fromBlock, () => rawChunkName(hostId, row.runId, row.firstSeq), this.#onDamaged);
  }

  /** Closes the connection. */
  close(): void {
    this.#db.close();
  }
}
