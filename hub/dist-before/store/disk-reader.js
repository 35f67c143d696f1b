import { statementCache } from './database.js';
import { decodeBlock } from './chunk-codec.js';
import { RowBlock } from './row-block.js';
const RAW_COLUMNS = 'host_id AS hostId, run_id AS runId, first_seq AS firstSeq, last_seq AS lastSeq, from_ms AS fromMs, to_ms AS toMs, rows, data';
// The row's Buffer is left behind: a restored chunk held both it and its copy.
const toChunk = ({ data, ...row }) => ({ ...row, bytes: new Uint8Array(data) });
/**
 * The hub's reads of its database, on the event loop through a read-only
 * connection: what to restore at start-up, seqs older than memory, and the rows
 * a series query needs beyond the memory window. WAL lets these read while the
 * disk worker writes.
 */
export class DiskReader {
    #db;
    /** A prepared statement, made once per SQL text. */
    #sql;
    constructor(db) {
        this.#db = db;
        this.#sql = statementCache(db);
    }
    /** Every stored host, with the info the hub saved of it. */
    hosts() {
        return this.#sql('SELECT host_id AS hostId, info FROM hosts').all();
    }
    /** The newest seq stored of each run, by host. */
    lastSeqs() {
        const rows = this.#sql('SELECT host_id AS hostId, run_id AS runId, MAX(last_seq) AS lastSeq FROM raw GROUP BY host_id, run_id').all();
        const out = new Map();
        for (const row of rows) {
            if (!out.has(row.hostId))
                out.set(row.hostId, new Map());
            out.get(row.hostId).set(row.runId, row.lastSeq);
        }
        return out;
    }
    /** Raw chunks that end at or after `sinceMs`, oldest first: the memory window to restore. */
    rawSince(sinceMs) {
        return this.#sql(`SELECT ${RAW_COLUMNS} FROM raw WHERE to_ms >= ? ORDER BY host_id, from_ms`).all(sinceMs).map(toChunk);
    }
    /** Raw rows of a host with data in [fromMs, toMs] that start before `beforeMs`, decoded, oldest first. */
    rawBetween(hostId, fromMs, toMs, beforeMs) {
        const rows = this.#sql('SELECT data FROM raw WHERE host_id = ? AND to_ms >= ? AND from_ms <= ? AND from_ms < ? ORDER BY from_ms')
            .all(hostId, fromMs, toMs, beforeMs);
        return rows.map((row) => RowBlock.fromBlock(decodeBlock(row.data)));
    }
    /** Whether the disk holds this seq of this run (for a sample older than the memory window). */
    holdsSeq(hostId, runId, seq) {
        const rows = this.#sql('SELECT data FROM raw WHERE host_id = ? AND run_id = ? AND first_seq <= ? AND last_seq >= ?')
            .all(hostId, runId, seq, seq);
        return rows.some((row) => {
            const block = RowBlock.fromBlock(decodeBlock(row.data));
            for (let i = 0; i < block.n; i++)
                if (block.seq(i) === seq)
                    return true;
            return false;
        });
    }
    /** A tier's roll-up blocks of a host overlapping [fromMs, toMs]. */
    rollups(tier, hostId, fromMs, toMs) {
        const rows = this.#sql(`SELECT data FROM ${tier.table} WHERE host_id = ? AND to_ms > ? AND from_ms <= ? ORDER BY from_ms`).all(hostId, fromMs, toMs);
        return rows.map((row) => decodeBlock(row.data));
    }
    /** Saved state entries whose key starts with `prefix`, by key. */
    state(prefix) {
        const rows = this.#sql('SELECT key, value FROM state WHERE substr(key, 1, ?) = ? ORDER BY key').all(prefix.length, prefix);
        return rows.map((row) => [row.key, row.value]);
    }
    /** Closes the connection. */
    close() {
        this.#db.close();
    }
}
//# sourceMappingURL=disk-reader.js.map