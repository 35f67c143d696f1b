import { LIST_FIELDS, parseColumnKey, visitSampleColumns } from '@hostpulse/protocol';
import type { ColumnKey, CpuTimes, HostSample } from '@hostpulse/protocol';
import type { ColumnBlock } from './chunk-codec.js';

/** Rows a raw chunk holds at most: about two minutes at 1 s. */
export const CHUNK_ROWS = 128;

/** Columns every raw chunk has besides the sample's figures. */
const SEQ = '@seq';
const TS = '@tsMs';
const RX = '@hubRxMs';
const INTERVAL = '@intervalMs';
const ID_COLUMNS = [SEQ, TS, RX, INTERVAL] as const;

/** What a raw chunk keeps as text: its run, and the type of each filesystem by mount. */
interface ChunkMeta {
  runId: string;
  fsTypes: Record<string, string>;
}

/**
 * Samples of one run of one host, column by column: the open chunk a host fills
 * (capacity CHUNK_ROWS) or a decoded stored one. Rows are in arrival order, which
 * is seq order except for a late sample, which gets a chunk of its own.
 */
export class RowBlock {
  n = 0;
  readonly runId: string;
  readonly capacity: number;
  readonly #columns = new Map<ColumnKey, Float64Array>();
  readonly #fsTypes = new Map<string, string>();
  /** Per list group, each name with the column of its first field; rebuilt when a column is added. */
  #lists: Map<string, [name: string, first: Float64Array][]> | null = null;

  constructor(runId: string, capacity = CHUNK_ROWS) {
    this.runId = runId;
    this.capacity = capacity;
    for (const key of ID_COLUMNS) this.#columns.set(key, new Float64Array(capacity).fill(Number.NaN));
  }

  /** A block decoded from storage; throws when it is not a raw chunk. */
  static fromBlock(block: ColumnBlock): RowBlock {
    const meta = JSON.parse(block.meta) as ChunkMeta;
    if (typeof meta.runId !== 'string' || typeof meta.fsTypes !== 'object') throw new RangeError('not a raw chunk');
    const rows = new RowBlock(meta.runId, block.n);
    rows.n = block.n;
    for (const [key, values] of block.columns) rows.#columns.set(key, values);
    rows.#lists = null;
    for (const [mount, fsType] of Object.entries(meta.fsTypes)) rows.#fsTypes.set(mount, fsType);
    for (const key of ID_COLUMNS) if (!block.columns.some(([k]) => k === key)) throw new RangeError(`raw chunk lacks ${key}`);
    return rows;
  }

  /** Seq of row `i`. */
  seq(i: number): number {
    return this.#columns.get(SEQ)![i]!;
  }

  /** Agent timestamp of row `i`. */
  tsMs(i: number): number {
    return this.#columns.get(TS)![i]!;
  }

  /** Newest seq held, 0 when empty. */
  get lastSeq(): number {
    return this.n === 0 ? 0 : this.seq(this.n - 1);
  }

  /**
   * Whether the sample can be appended: same run, room left, seq after the last, no
   * filesystem changing type, and its lists in the order the block holds them (so
   * every sample comes back exactly as sent; agents keep a steady order anyway).
   */
  accepts(sample: HostSample): boolean {
    if (sample.runId !== this.runId || this.n >= this.capacity || sample.seq <= this.lastSeq) return false;
    if (sample.fs?.some((fs) => this.#fsTypes.has(fs.mount) && this.#fsTypes.get(fs.mount) !== fs.fsType)) return false;
    return (
      this.#inOrder('net', sample.net.map((x) => x.name)) &&
      this.#inOrder('disk', sample.disk.map((x) => x.name)) &&
      this.#inOrder('fs', (sample.fs ?? []).map((x) => x.mount)) &&
      this.#inOrder('temp', (sample.temps ?? []).map((x) => x.label))
    );
  }

  /** Whether these names keep the block's order: known ones in rising rank, then new ones only. */
  #inOrder(group: keyof typeof LIST_FIELDS, names: string[]): boolean {
    const known = this.#layout().get(group) ?? [];
    let rank = -1;
    for (const name of names) {
      const next = known.findIndex(([n]) => n === name);
      if (next < 0) rank = known.length;
      else if (next <= rank) return false;
      else rank = next;
    }
    return true;
  }

  /** Appends a sample the block accepts (see `accepts`). */
  append(sample: HostSample): void {
    const row = this.n;
    this.#set(SEQ, row, sample.seq);
    this.#set(TS, row, sample.tsMs);
    this.#set(RX, row, sample.hubRxMs);
    this.#set(INTERVAL, row, sample.intervalMs);
    visitSampleColumns(sample, (key, value) => this.#set(key, row, value));
    for (const fs of sample.fs ?? []) this.#fsTypes.set(fs.mount, fs.fsType);
    this.n++;
  }

  /** Column keys of the sample figures (identity columns left out), in first-seen order. */
  figureKeys(): ColumnKey[] {
    return [...this.#columns.keys()].filter((key) => !key.startsWith('@'));
  }

  /** A column's values (length ≥ n; NaN where a row lacks it), or undefined when no row has it. */
  column(key: ColumnKey): Float64Array | undefined {
    return this.#columns.get(key);
  }

  /** The rows as a block to encode, trimmed to `n`. */
  toBlock(): ColumnBlock {
    const meta: ChunkMeta = { runId: this.runId, fsTypes: Object.fromEntries(this.#fsTypes) };
    const columns = [...this.#columns].map(([key, values]): [string, Float64Array] => [key, values.subarray(0, this.n)]);
    return { n: this.n, meta: JSON.stringify(meta), columns };
  }

  /** Bytes the open columns take. */
  get memoryBytes(): number {
    return this.#columns.size * this.capacity * 8;
  }

  /** Rebuilds row `i` as the sample the agent sent, with the hub's receive time. */
  sample(hostId: string, i: number): HostSample {
    const at = (key: string): number => this.#columns.get(key)?.[i] ?? Number.NaN;
    const present = (key: string): boolean => !Number.isNaN(at(key));
    const cpu = (prefix: string, suffix: string): CpuTimes => ({
      userPct: at(`${prefix}userPct${suffix}`),
      systemPct: at(`${prefix}systemPct${suffix}`),
      iowaitPct: at(`${prefix}iowaitPct${suffix}`),
      stealPct: at(`${prefix}stealPct${suffix}`),
      idlePct: at(`${prefix}idlePct${suffix}`),
    });
    const sample: HostSample = {
      hostId,
      runId: this.runId,
      seq: at(SEQ),
      tsMs: at(TS),
      intervalMs: at(INTERVAL),
      uptimeSec: at('host/uptimeSec'),
      processCount: at('host/processCount'),
      cpu: { total: cpu('cpu/', ''), cores: Array.from({ length: at('core/#') }, (_, c) => cpu('core/', `/${c}`)) },
      load: { one: at('load/one'), five: at('load/five'), fifteen: at('load/fifteen') },
      mem: {
        totalBytes: at('mem/totalBytes'),
        usedBytes: at('mem/usedBytes'),
        availableBytes: at('mem/availableBytes'),
        cachedBytes: at('mem/cachedBytes'),
        buffersBytes: at('mem/buffersBytes'),
      },
      swap: { totalBytes: at('swap/totalBytes'), usedBytes: at('swap/usedBytes') },
      net: this.#names('net', i).map((name) => fieldsOf(LIST_FIELDS.net, (f) => at(`net/${f}/${name}`), { name })),
      disk: this.#names('disk', i).map((name) => fieldsOf(LIST_FIELDS.disk, (f) => at(`disk/${f}/${name}`), { name })),
      hubRxMs: at(RX),
    };
    if (present('fs/#')) {
      sample.fs = this.#names('fs', i).map((mount) => ({
        mount,
        fsType: this.#fsTypes.get(mount) ?? '',
        sizeBytes: at(`fs/sizeBytes/${mount}`),
        usedBytes: at(`fs/usedBytes/${mount}`),
      }));
    }
    if (present('temp/#')) sample.temps = this.#names('temp', i).map((label) => ({ label, celsius: at(`temp/celsius/${label}`) }));
    return sample;
  }

  /** Names in a list group that row `i` holds, in first-seen order. */
  #names(group: keyof typeof LIST_FIELDS, i: number): string[] {
    const names: string[] = [];
    for (const [name, first] of this.#layout().get(group) ?? []) if (!Number.isNaN(first[i]!)) names.push(name);
    return names;
  }

  /** Per list group, each name (first-seen order) with the column of its first field. */
  #layout(): Map<string, [name: string, first: Float64Array][]> {
    if (this.#lists) return this.#lists;
    const lists = new Map<string, [string, Float64Array][]>();
    for (const [key, values] of this.#columns) {
      const parts = parseColumnKey(key);
      const list = parts.group as keyof typeof LIST_FIELDS;
      if (parts.name === undefined || LIST_FIELDS[list]?.[0] !== parts.field) continue;
      lists.set(list, [...(lists.get(list) ?? []), [parts.name, values]]);
    }
    this.#lists = lists;
    return lists;
  }

  #set(key: ColumnKey, row: number, value: number): void {
    let values = this.#columns.get(key);
    if (!values) {
      values = new Float64Array(this.capacity).fill(Number.NaN);
      this.#columns.set(key, values);
      this.#lists = null;
    }
    values[row] = value;
  }
}

/** An object of the named fields read through `get`, after `head`. */
function fieldsOf<F extends string, H extends Record<string, unknown>>(fields: readonly F[], get: (field: F) => number, head: H): H & Record<F, number> {
  const out: Record<string, unknown> = { ...(head as Record<string, unknown>) };
  for (const field of fields) out[field] = get(field);
  return out as H & Record<F, number>;
}
