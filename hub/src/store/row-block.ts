import { columnKey, LIST_FIELDS, parseColumnKey, visitSampleColumns } from '@hostpulse/protocol';
import type { ColumnKey, CpuTimes, DiskDevice, Filesystem, HostSample, NetInterface } from '@hostpulse/protocol';
import type { ColumnBlock } from './chunk-codec.js';

/** Rows a raw chunk holds at most: about two minutes at 1 s. */
export const CHUNK_ROWS = 128;

/** Columns every raw chunk has besides the sample's figures. */
const SEQ = '@seq';
const TS = '@tsMs';
const RX = '@hubRxMs';
const INTERVAL = '@intervalMs';
const ID_COLUMNS = [SEQ, TS, RX, INTERVAL] as const;

type ListGroup = keyof typeof LIST_FIELDS;
const LIST_GROUPS = Object.keys(LIST_FIELDS) as ListGroup[];
const CPU_FIELDS = LIST_FIELDS.core;
/** Index of each list field within its entry, by `group/field` key. */
const FIELD_INDEX = new Map<string, number>(LIST_GROUPS.flatMap((g) => LIST_FIELDS[g].map((f, i): [string, number] => [`${g}/${f}`, i])));

/** What a raw chunk keeps as text: its run, and the type of each filesystem by mount. */
interface ChunkMeta {
  runId: string;
  fsTypes: Record<string, string>;
}

/**
 * Row `i` of an additive field's column, or undefined where it has none: such columns
 * are absent in chunks stored before agents sent the field, and NaN for older agents.
 */
function optional(column: Float64Array | undefined, i: number): number | undefined {
  const value = column?.[i];
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

/** One entry of a list (a core, an interface, a device, a mount, a sensor): a column per field, in LIST_FIELDS order. */
type Entry = Float64Array[];

/**
 * Samples of one run of one host, column by column: the open chunk a host fills
 * (capacity CHUNK_ROWS) or a decoded stored one. Rows are in arrival order, which
 * is seq order except for a late sample, which gets a chunk of its own. Host-wide
 * figures are a column each; list entries are kept by name, in first-seen order.
 */
export class RowBlock {
  n = 0;
  readonly runId: string;
  readonly capacity: number;
  /** Identity columns and host-wide figures by `group/field` key (counts `group/#` included). */
  readonly #host = new Map<string, Float64Array>();
  /** Per list group, each entry's columns by name. */
  readonly #lists = new Map<ListGroup, Map<string, Entry>>(LIST_GROUPS.map((g) => [g, new Map()]));
  readonly #fsTypes = new Map<string, string>();

  constructor(runId: string, capacity = CHUNK_ROWS) {
    this.runId = runId;
    this.capacity = capacity;
    for (const key of ID_COLUMNS) this.#host.set(key, this.#newColumn());
  }

  /** A block decoded from storage; throws when it is not a raw chunk. */
  static fromBlock(block: ColumnBlock): RowBlock {
    const meta = JSON.parse(block.meta) as ChunkMeta;
    if (typeof meta.runId !== 'string' || typeof meta.fsTypes !== 'object') throw new RangeError('not a raw chunk');
    const rows = new RowBlock(meta.runId, block.n);
    rows.n = block.n;
    for (const [key, values] of block.columns) {
      const { group, field, name } = parseColumnKey(key);
      if (name === undefined || key.startsWith('@')) rows.#host.set(key, values);
      else rows.#entry(group as ListGroup, name)[rows.#fieldIndex(group as ListGroup, field)] = values;
    }
    for (const [mount, fsType] of Object.entries(meta.fsTypes)) rows.#fsTypes.set(mount, fsType);
    for (const key of ID_COLUMNS) if (!block.columns.some(([k]) => k === key)) throw new RangeError(`raw chunk lacks ${key}`);
    return rows;
  }

  /** Seq of row `i`. */
  seq(i: number): number {
    return this.#host.get(SEQ)![i]!;
  }

  /** Agent timestamp of row `i`. */
  tsMs(i: number): number {
    return this.#host.get(TS)![i]!;
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
      this.#inOrder('net', sample.net, 'name') &&
      this.#inOrder('disk', sample.disk, 'name') &&
      this.#inOrder('fs', sample.fs ?? [], 'mount') &&
      this.#inOrder('temp', sample.temps ?? [], 'label')
    );
  }

  /** Appends a sample the block accepts (see `accepts`). */
  append(sample: HostSample): void {
    const row = this.n;
    this.#set(SEQ, row, sample.seq);
    this.#set(TS, row, sample.tsMs);
    this.#set(RX, row, sample.hubRxMs);
    this.#set(INTERVAL, row, sample.intervalMs);
    let group = '';
    let entryName: string | undefined;
    let entry: Entry = [];
    visitSampleColumns(sample, (field, name, value) => {
      if (name === undefined) return this.#set(field, row, value);
      // An entry's fields come together, so its columns are looked up once for all of them.
      if (name !== entryName || !field.startsWith(group)) {
        group = field.slice(0, field.indexOf('/') + 1);
        entryName = name;
        entry = this.#entry(group.slice(0, -1) as ListGroup, name);
      }
      const column = (entry[FIELD_INDEX.get(field)!] ??= this.#newColumn());
      column[row] = value;
    });
    for (const fs of sample.fs ?? []) this.#fsTypes.set(fs.mount, fs.fsType);
    this.n++;
  }

  /** Column keys of the sample figures (identity columns left out). */
  figureKeys(): ColumnKey[] {
    const keys = [...this.#host.keys()].filter((key) => !key.startsWith('@'));
    for (const [group, entries] of this.#lists) {
      for (const name of entries.keys()) for (const field of LIST_FIELDS[group]) keys.push(columnKey(`${group}/${field}`, name));
    }
    return keys;
  }

  /** A column's values (length ≥ n; NaN where a row lacks it), or undefined when no row has it. */
  column(key: ColumnKey): Float64Array | undefined {
    const { group, field, name } = parseColumnKey(key);
    if (name === undefined) return this.#host.get(key);
    return this.#lists.get(group as ListGroup)?.get(name)?.[this.#fieldIndex(group as ListGroup, field)];
  }

  /** The rows as a block to encode, trimmed to `n`. */
  toBlock(): ColumnBlock {
    const meta: ChunkMeta = { runId: this.runId, fsTypes: Object.fromEntries(this.#fsTypes) };
    const columns: [string, Float64Array][] = [];
    const trim = (values: Float64Array | undefined) => (values ?? this.#newColumn()).subarray(0, this.n);
    for (const [key, values] of this.#host) columns.push([key, trim(values)]);
    for (const [group, entries] of this.#lists) {
      for (const [name, entry] of entries) LIST_FIELDS[group].forEach((field, f) => columns.push([columnKey(`${group}/${field}`, name), trim(entry[f])]));
    }
    return { n: this.n, meta: JSON.stringify(meta), columns };
  }

  /** Bytes the open columns take. */
  get memoryBytes(): number {
    let columns = this.#host.size;
    for (const entries of this.#lists.values()) for (const entry of entries.values()) columns += entry.length;
    return columns * this.capacity * 8;
  }

  /** Rebuilds row `i` as the sample the agent sent, with the hub's receive time. */
  sample(hostId: string, i: number): HostSample {
    const host = this.#host;
    const at = (key: string): number => host.get(key)?.[i] ?? Number.NaN;
    const cpuOf = (cols: (Float64Array | undefined)[]): CpuTimes => ({
      userPct: cols[0]?.[i] ?? Number.NaN,
      systemPct: cols[1]?.[i] ?? Number.NaN,
      iowaitPct: cols[2]?.[i] ?? Number.NaN,
      stealPct: cols[3]?.[i] ?? Number.NaN,
      idlePct: cols[4]?.[i] ?? Number.NaN,
    });
    const cores = this.#lists.get('core')!;
    const sample: HostSample = {
      hostId,
      runId: this.runId,
      seq: at(SEQ),
      tsMs: at(TS),
      intervalMs: at(INTERVAL),
      uptimeSec: at('host/uptimeSec'),
      processCount: at('host/processCount'),
      cpu: {
        total: cpuOf(CPU_FIELDS.map((f) => host.get(`cpu/${f}`))),
        cores: Array.from({ length: at('core/#') }, (_, c) => cpuOf(cores.get(String(c)) ?? [])),
      },
      load: { one: at('load/one'), five: at('load/five'), fifteen: at('load/fifteen') },
      mem: {
        totalBytes: at('mem/totalBytes'),
        usedBytes: at('mem/usedBytes'),
        availableBytes: at('mem/availableBytes'),
        cachedBytes: at('mem/cachedBytes'),
        buffersBytes: at('mem/buffersBytes'),
      },
      swap: { totalBytes: at('swap/totalBytes'), usedBytes: at('swap/usedBytes') },
      net: this.#present('net', i).map(([name, c]) => {
        const iface: NetInterface = {
          name,
          rxBytesPerSec: c[0]![i]!,
          txBytesPerSec: c[1]![i]!,
          rxPacketsPerSec: c[2]![i]!,
          txPacketsPerSec: c[3]![i]!,
          rxErrorsPerSec: c[4]![i]!,
          txErrorsPerSec: c[5]![i]!,
        };
        const rxDropped = optional(c[6], i);
        const txDropped = optional(c[7], i);
        const inTotal = optional(c[8], i);
        if (rxDropped !== undefined) iface.rxDroppedPerSec = rxDropped;
        if (txDropped !== undefined) iface.txDroppedPerSec = txDropped;
        if (inTotal !== undefined) iface.inTotal = inTotal === 1;
        return iface;
      }),
      disk: this.#present('disk', i).map(([name, c]) => {
        const dev: DiskDevice = {
          name,
          readBytesPerSec: c[0]![i]!,
          writeBytesPerSec: c[1]![i]!,
          readOpsPerSec: c[2]![i]!,
          writeOpsPerSec: c[3]![i]!,
          busyPct: c[4]![i]!,
        };
        const inTotal = optional(c[5], i);
        if (inTotal !== undefined) dev.inTotal = inTotal === 1;
        return dev;
      }),
      hubRxMs: at(RX),
    };
    if (!Number.isNaN(at('fs/#'))) {
      sample.fs = this.#present('fs', i).map(([mount, c]) => {
        const fs: Filesystem = { mount, fsType: this.#fsTypes.get(mount) ?? '', sizeBytes: c[0]![i]!, usedBytes: c[1]![i]! };
        const available = optional(c[2], i);
        if (available !== undefined) fs.availableBytes = available;
        return fs;
      });
    }
    if (!Number.isNaN(at('temp/#'))) sample.temps = this.#present('temp', i).map(([label, c]) => ({ label, celsius: c[0]![i]! }));
    return sample;
  }

  /** Entries of a list group that row `i` holds, in first-seen order. */
  #present(group: ListGroup, i: number): [string, Entry][] {
    const out: [string, Entry][] = [];
    for (const [name, entry] of this.#lists.get(group)!) if (entry[0] && !Number.isNaN(entry[0][i]!)) out.push([name, entry]);
    return out;
  }

  /** Whether these entries keep the block's order: known ones in rising rank, then new ones only. */
  #inOrder<K extends string>(group: ListGroup, items: readonly Record<K, unknown>[], key: K): boolean {
    const known = this.#lists.get(group)!;
    if (items.length === 0) return true;
    const ranks = new Map<string, number>();
    let r = 0;
    for (const name of known.keys()) ranks.set(name, r++);
    let rank = -1;
    for (const item of items) {
      const next = ranks.get(item[key] as string);
      if (next === undefined) rank = known.size;
      else if (next <= rank) return false;
      else rank = next;
    }
    return true;
  }

  #fieldIndex(group: ListGroup, field: string): number {
    const index = FIELD_INDEX.get(`${group}/${field}`);
    if (index === undefined) throw new RangeError(`unknown field ${group}/${field}`);
    return index;
  }

  #entry(group: ListGroup, name: string): Entry {
    const entries = this.#lists.get(group);
    if (!entries) throw new RangeError(`unknown list ${group}`);
    let entry = entries.get(name);
    if (!entry) {
      entry = [];
      entries.set(name, entry);
    }
    return entry;
  }

  #newColumn(): Float64Array {
    return new Float64Array(this.capacity).fill(Number.NaN);
  }

  #set(key: string, row: number, value: number): void {
    let values = this.#host.get(key);
    if (!values) {
      values = this.#newColumn();
      this.#host.set(key, values);
    }
    values[row] = value;
  }
}
