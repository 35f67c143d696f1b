import type { Sample } from './sample.js';

/**
 * Key of one numeric column of a flattened sample: `group/field` for a host-wide
 * figure (`cpu/idlePct`, `mem/usedBytes`), `group/field/name` for one of many
 * (`core/idlePct/3`, `net/rxBytesPerSec/eth0`, `fs/usedBytes//boot`). Group and
 * field never hold a slash, so everything after the second one is the name.
 * A `#` field counts a list's entries, so an empty list is told from a missing one.
 * A flag (`net/inTotal`) is a column of 1 and 0.
 */
export type ColumnKey = string;

/** A column key split into its parts; `name` is undefined for host-wide figures. */
export interface ColumnKeyParts {
  group: string;
  field: string;
  name: string | undefined;
}

/** Splits a column key into group, field and name. */
export function parseColumnKey(key: ColumnKey): ColumnKeyParts {
  const first = key.indexOf('/');
  const second = key.indexOf('/', first + 1);
  if (second < 0) return { group: key.slice(0, first), field: key.slice(first + 1), name: undefined };
  return { group: key.slice(0, first), field: key.slice(first + 1, second), name: key.slice(second + 1) };
}

const CPU_FIELDS = ['userPct', 'systemPct', 'iowaitPct', 'stealPct', 'idlePct'] as const;
const NET_FIELDS = ['rxBytesPerSec', 'txBytesPerSec', 'rxPacketsPerSec', 'txPacketsPerSec', 'rxErrorsPerSec', 'txErrorsPerSec'] as const;
const DISK_FIELDS = ['readBytesPerSec', 'writeBytesPerSec', 'readOpsPerSec', 'writeOpsPerSec', 'busyPct'] as const;

/** Numeric fields of each list a sample carries, in wire order. */
export const LIST_FIELDS = {
  core: CPU_FIELDS,
  net: [...NET_FIELDS, 'rxDroppedPerSec', 'txDroppedPerSec', 'inTotal'],
  disk: [...DISK_FIELDS, 'inTotal'],
  fs: ['sizeBytes', 'usedBytes', 'availableBytes'],
  temp: ['celsius'],
} as const;

const MEM_FIELDS = ['totalBytes', 'usedBytes', 'availableBytes', 'cachedBytes', 'buffersBytes'] as const;

/**
 * Receives one figure of a flattened sample: `field` is `group/field` (a constant
 * string), `name` the list entry's name (core number, interface, device, mount,
 * sensor) or undefined for host-wide figures. Its column key is `field` or
 * `field/name` (see columnKey).
 */
export type ColumnVisitor = (field: string, name: string | undefined, value: number) => void;

/** The key of a figure's column. */
export function columnKey(field: string, name: string | undefined): ColumnKey {
  return name === undefined ? field : `${field}/${name}`;
}

const coreNames: string[] = [];
/** The name of core `i` ('0', '1', ...), made once per index. */
function coreName(i: number): string {
  return (coreNames[i] ??= String(i));
}

const CORE_KEYS = CPU_FIELDS.map((f) => `core/${f}`);
const TOTAL_KEYS = CPU_FIELDS.map((f) => `cpu/${f}`);
const MEM_KEYS = MEM_FIELDS.map((f) => `mem/${f}`);
const NET_KEYS = NET_FIELDS.map((f) => `net/${f}`);
const DISK_KEYS = DISK_FIELDS.map((f) => `disk/${f}`);

/**
 * Visits every numeric figure of a sample, in wire order, plus a `#` count per
 * list. Identity and timing (host, run, seq, tsMs, intervalMs) and the
 * filesystems' types are not columns; the store keeps them beside.
 */
export function visitSampleColumns(sample: Sample, visit: ColumnVisitor): void {
  visit('host/uptimeSec', undefined, sample.uptimeSec);
  visit('host/processCount', undefined, sample.processCount);
  const total = sample.cpu.total;
  for (let f = 0; f < CPU_FIELDS.length; f++) visit(TOTAL_KEYS[f]!, undefined, total[CPU_FIELDS[f]!]);
  const cores = sample.cpu.cores;
  visit('core/#', undefined, cores.length);
  for (let i = 0; i < cores.length; i++) {
    const core = cores[i]!;
    for (let f = 0; f < CPU_FIELDS.length; f++) visit(CORE_KEYS[f]!, coreName(i), core[CPU_FIELDS[f]!]);
  }
  visit('load/one', undefined, sample.load.one);
  visit('load/five', undefined, sample.load.five);
  visit('load/fifteen', undefined, sample.load.fifteen);
  for (let f = 0; f < MEM_FIELDS.length; f++) visit(MEM_KEYS[f]!, undefined, sample.mem[MEM_FIELDS[f]!]);
  visit('swap/totalBytes', undefined, sample.swap.totalBytes);
  visit('swap/usedBytes', undefined, sample.swap.usedBytes);
  visit('net/#', undefined, sample.net.length);
  for (const iface of sample.net) {
    for (let f = 0; f < NET_FIELDS.length; f++) visit(NET_KEYS[f]!, iface.name, iface[NET_FIELDS[f]!]);
    // Additive fields: absent from older agents' samples.
    if (iface.rxDroppedPerSec !== undefined) visit('net/rxDroppedPerSec', iface.name, iface.rxDroppedPerSec);
    if (iface.txDroppedPerSec !== undefined) visit('net/txDroppedPerSec', iface.name, iface.txDroppedPerSec);
    if (iface.inTotal !== undefined) visit('net/inTotal', iface.name, iface.inTotal ? 1 : 0);
  }
  visit('disk/#', undefined, sample.disk.length);
  for (const dev of sample.disk) {
    for (let f = 0; f < DISK_FIELDS.length; f++) visit(DISK_KEYS[f]!, dev.name, dev[DISK_FIELDS[f]!]);
    if (dev.inTotal !== undefined) visit('disk/inTotal', dev.name, dev.inTotal ? 1 : 0);
  }
  if (sample.fs) {
    visit('fs/#', undefined, sample.fs.length);
    for (const fs of sample.fs) {
      visit('fs/sizeBytes', fs.mount, fs.sizeBytes);
      visit('fs/usedBytes', fs.mount, fs.usedBytes);
      if (fs.availableBytes !== undefined) visit('fs/availableBytes', fs.mount, fs.availableBytes);
    }
  }
  if (sample.temps) {
    visit('temp/#', undefined, sample.temps.length);
    for (const t of sample.temps) visit('temp/celsius', t.label, t.celsius);
  }
}
