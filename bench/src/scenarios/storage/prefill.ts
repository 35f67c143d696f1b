import type { Sample } from '@hostpulse/protocol';
import type { SavedHost } from '@hostpulse/hub/hosts';
import { CHUNK_ROWS, DiskWrites, encodeBlock, openDatabase, RowBlock, ROLLUP_TIERS, type DiskFigures, type RawChunk, type WriteOp } from '@hostpulse/hub/store';
import { SimulatedHost } from '@hostpulse/testkit/simulated-host';

/** Hosts of one shape, with raw samples at 1 s over the last `rawHours`: the first is made sample by sample, the others are copies of it. */
export interface PrefillShape {
  hostIds: string[];
  cores: number;
  rawHours: number;
}

/** What to write: `days` of roll-ups, and each shape's raw samples, up to `endMs`. */
export interface PrefillOptions {
  dataDir: string;
  shapes: PrefillShape[];
  days: number;
  endMs: number;
  /** Older samples are made this far apart: enough for every 1-minute bucket to have a min, a max and an average. */
  sparseEveryMs: number;
}

const HOUR_MS = 3_600_000;
const RUN_ID = 'prefill-run';
// Retention that keeps everything in a tier.
const KEEP_ALL_MS = Number.MAX_SAFE_INTEGER;
// Chunks written per transaction.
const OPS_PER_APPLY = 32;

/** A run of samples of one host folded into raw chunks, as the hub seals them. */
class ChunkMaker {
  readonly #host: SimulatedHost;
  #rows: RowBlock | null = null;
  #seq = 0;
  readonly ops: WriteOp[] = [];

  constructor(host: SimulatedHost) {
    this.#host = host;
  }

  add(tsMs: number): void {
    const sample: Sample = { ...this.#host.nextSample(tsMs), runId: RUN_ID, seq: ++this.#seq };
    this.#rows ??= new RowBlock(RUN_ID);
    this.#rows.append({ ...sample, hubRxMs: tsMs });
    if (this.#rows.n === CHUNK_ROWS) this.seal();
  }

  seal(): void {
    const rows = this.#rows;
    if (!rows || rows.n === 0) return;
    this.#rows = null;
    const chunk: RawChunk = {
      hostId: this.#host.hostId,
      runId: RUN_ID,
      firstSeq: rows.seq(0),
      lastSeq: rows.seq(rows.n - 1),
      fromMs: rows.tsMs(0),
      toMs: rows.tsMs(rows.n - 1),
      rows: rows.n,
      bytes: encodeBlock(rows.toBlock()),
    };
    this.ops.push({ op: 'chunk', chunk, sealed: true });
  }
}

/**
 * Writes a hub's database directly with the hub's own store code, far faster than
 * ingest could: for the first host of each shape, samples every `sparseEveryMs`
 * over `days` and every second over the shape's last `rawHours`, sealed into raw chunks
 * and rolled up into the 1-minute and 1-hour tiers by DiskWrites; the sparse raw
 * rows are then purged as the hub's retention would (the tiers keep their
 * roll-ups). The shape's other hosts get copies of its rows. Every host is
 * saved offline, as a hub saves hosts whose agents are away.
 */
export function prefillDatabase(opts: PrefillOptions, progress: (line: string) => void): DiskFigures {
  const db = openDatabase(opts.dataDir);
  const writes = new DiskWrites(db);
  const startMs = Math.floor((opts.endMs - opts.days * 24 * HOUR_MS) / HOUR_MS) * HOUR_MS;
  let seed = 1;
  try {
    for (const shape of opts.shapes) {
      const [templateId, ...copies] = shape.hostIds;
      if (!templateId) continue;
      const rawStartMs = Math.floor((opts.endMs - shape.rawHours * HOUR_MS) / HOUR_MS) * HOUR_MS;
      const host = new SimulatedHost(templateId, 1000, seed++, shape.cores);
      const maker = new ChunkMaker(host);
      const flush = (): void => {
        for (let i = 0; i < maker.ops.length; i += OPS_PER_APPLY) writes.apply(maker.ops.slice(i, i + OPS_PER_APPLY));
        maker.ops.length = 0;
      };
      for (let ts = startMs; ts < rawStartMs; ts += opts.sparseEveryMs) {
        maker.add(ts);
        if (maker.ops.length >= OPS_PER_APPLY) flush();
      }
      maker.seal();
      flush();
      for (let ts = rawStartMs; ts <= opts.endMs; ts += 1000) {
        maker.add(ts);
        if (maker.ops.length >= OPS_PER_APPLY) flush();
      }
      maker.seal();
      flush();
      // Raw rows older than the dense window go, as retention would drop them; their roll-ups stay.
      writes.purge(opts.endMs, { raw: opts.endMs - rawStartMs, '1m': KEEP_ALL_MS, '1h': KEEP_ALL_MS });
      progress(`prefill: ${templateId} (${shape.cores} cores) written, copying it to ${copies.length} more hosts`);
      const saved: SavedHost = { inventory: host.hello().inventory, intervalMs: 1000, firstSeenMs: startMs, lastSeenMs: opts.endMs, runId: RUN_ID, fs: [], temps: [] };
      copyHost(db, templateId, copies);
      writes.apply(shape.hostIds.map((hostId) => ({ op: 'host', hostId, info: JSON.stringify({ ...saved, inventory: { ...saved.inventory, hostname: hostId } }) })));
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    return writes.figures();
  } finally {
    db.close();
  }
}

/** Copies every raw and roll-up row of `fromId` to each of `toIds`. */
function copyHost(db: ReturnType<typeof openDatabase>, fromId: string, toIds: string[]): void {
  for (const table of ['raw', ...ROLLUP_TIERS.map((t) => t.table)]) {
    const others = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name).filter((name) => name !== 'host_id');
    const copy = db.prepare(`INSERT INTO ${table} (host_id, ${others.join(', ')}) SELECT ?, ${others.join(', ')} FROM ${table} WHERE host_id = ?`);
    db.transaction(() => {
      for (const id of toIds) copy.run(id, fromId);
    })();
  }
}
