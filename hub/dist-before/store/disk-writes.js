import { statementCache } from './database.js';
import { Buckets } from './buckets.js';
import { decodeBlock, encodeBlock } from './chunk-codec.js';
import { RowBlock } from './row-block.js';
import { ROLLUP_TIERS } from './tiers.js';
/**
 * Every write the hub makes to its database, synchronous, in transactions: raw
 * chunks (an open one is replaced when it seals), their roll-ups into the 1-minute
 * and 1-hour tiers (merged into the period's row), hosts, retention purges and the
 * --max-disk cap. It runs in the disk worker, off the event loop.
 */
export class DiskWrites {
    #db;
    /** A prepared statement, made once per SQL text. */
    #sql;
    #putChunk;
    #putHost;
    constructor(db) {
        this.#db = db;
        this.#sql = statementCache(db);
        this.#putChunk = db.prepare(`INSERT INTO raw (host_id, run_id, first_seq, last_seq, from_ms, to_ms, rows, sealed, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (host_id, run_id, first_seq) DO UPDATE SET last_seq = excluded.last_seq, from_ms = excluded.from_ms, to_ms = excluded.to_ms,
         rows = excluded.rows, sealed = excluded.sealed, data = excluded.data`);
        this.#putHost = db.prepare('INSERT INTO hosts (host_id, info) VALUES (?, ?) ON CONFLICT (host_id) DO UPDATE SET info = excluded.info');
    }
    /** Applies ops in one transaction; returns the sealed chunks rolled up. All or nothing. */
    apply(ops) {
        return this.#db.transaction(() => {
            const rolled = [];
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
                        for (const table of ['hosts', 'raw', ...ROLLUP_TIERS.map((t) => t.table)])
                            this.#sql(`DELETE FROM ${table} WHERE host_id = ?`).run(op.hostId);
                        break;
                    case 'putState':
                        this.#sql('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(op.key, op.value);
                        break;
                    case 'deleteState':
                        this.#sql('DELETE FROM state WHERE key = ?').run(op.key);
                        break;
                    default: {
                        const unreachable = op;
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
    sealLeftOpen() {
        const open = this.#sql('SELECT host_id AS hostId, data FROM raw WHERE sealed = 0').all();
        this.#db.transaction(() => {
            for (const row of open)
                this.#rollUp(row.hostId, RowBlock.fromBlock(decodeBlock(row.data)));
            this.#sql('UPDATE raw SET sealed = 1 WHERE sealed = 0').run();
        })();
        return open.length;
    }
    /** Deletes what each tier keeps no longer; returns rows deleted. */
    purge(nowMs, retention) {
        let deleted = this.#sql('DELETE FROM raw WHERE to_ms < ?').run(nowMs - retention.raw).changes;
        for (const tier of ROLLUP_TIERS)
            deleted += this.#sql(`DELETE FROM ${tier.table} WHERE to_ms < ?`).run(nowMs - retention[tier.tier]).changes;
        if (deleted > 0)
            this.#db.pragma('incremental_vacuum');
        return deleted;
    }
    /**
     * Deletes the oldest data until the database and its log fit in `maxBytes`: raw
     * rows first, then 1-minute, then 1-hour roll-ups. Returns rows deleted.
     */
    cap(maxBytes) {
        let deleted = 0;
        for (const table of ['raw', ...ROLLUP_TIERS.map((t) => t.table)]) {
            for (let excess = this.fileBytes() - maxBytes; excess > 0; excess = this.fileBytes() - maxBytes) {
                // As many of the oldest rows as the excess holds at this table's mean row size, so a few steps get under the cap.
                const mean = this.#sql(`SELECT AVG(LENGTH(data)) AS mean FROM ${table}`).get().mean ?? 1;
                const step = Math.max(1, Math.ceil(excess / Math.max(1, mean)));
                const changes = this.#sql(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} ORDER BY to_ms LIMIT ?)`).run(step).changes;
                if (changes === 0)
                    break;
                deleted += changes;
                this.#db.pragma('incremental_vacuum');
                this.#db.pragma('wal_checkpoint(TRUNCATE)');
            }
        }
        return deleted;
    }
    /** The database file and its write-ahead log, in bytes. */
    fileBytes() {
        const pages = this.#db.pragma('page_count', { simple: true });
        const pageSize = this.#db.pragma('page_size', { simple: true });
        const wal = this.#db.pragma('wal_checkpoint(PASSIVE)');
        return (pages + Math.max(0, wal[0]?.log ?? 0)) * pageSize;
    }
    /** Bytes (pages of each tier's table and indexes), rows and oldest data per tier. */
    figures() {
        const pages = new Map(this.#sql('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all().map((r) => [r.name, r.bytes]));
        const indexes = this.#sql("SELECT name, tbl_name AS tbl FROM sqlite_schema WHERE type = 'index'").all();
        const bytesOf = (table) => (pages.get(table) ?? 0) + indexes.filter((i) => i.tbl === table).reduce((sum, i) => sum + (pages.get(i.name) ?? 0), 0);
        const tierRow = (tier, table) => {
            const row = this.#sql(`SELECT COUNT(*) AS rows, MIN(from_ms) AS oldest FROM ${table}`).get();
            return { tier, bytes: bytesOf(table), rows: row.rows, oldestMs: row.oldest };
        };
        return { fileBytes: this.fileBytes(), tiers: [tierRow('raw', 'raw'), ...ROLLUP_TIERS.map((t) => tierRow(t.tier, t.table))] };
    }
    /** Folds a chunk's rows into each roll-up tier's rows for the periods they fall in. */
    #rollUp(hostId, rows) {
        for (const tier of ROLLUP_TIERS) {
            const periods = new Set();
            for (let i = 0; i < rows.n; i++)
                periods.add(Math.floor(rows.tsMs(i) / tier.periodMs) * tier.periodMs);
            for (const fromMs of periods)
                this.#mergePeriod(tier, hostId, fromMs, rows);
        }
    }
    #mergePeriod(tier, hostId, fromMs, rows) {
        const toMs = fromMs + tier.periodMs;
        const buckets = new Buckets(tier.bucketMs);
        const existing = this.#sql(`SELECT data FROM ${tier.table} WHERE host_id = ? AND from_ms = ?`).get(hostId, fromMs);
        if (existing)
            buckets.addBlock(decodeBlock(existing.data));
        buckets.addRows(rows, fromMs, toMs);
        const data = encodeBlock(buckets.toBlock());
        this.#sql(`INSERT INTO ${tier.table} (host_id, from_ms, to_ms, data) VALUES (?, ?, ?, ?) ON CONFLICT (host_id, from_ms) DO UPDATE SET data = excluded.data`)
            .run(hostId, fromMs, toMs, data);
    }
}
//# sourceMappingURL=disk-writes.js.map