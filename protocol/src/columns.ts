import type { Sample } from './sample.js';

/**
 * Key of one numeric column of a flattened sample: `group/field` for a host-wide
 * figure (`cpu/idlePct`, `mem/usedBytes`), `group/field/name` for one of many
 * (`core/idlePct/3`, `net/rxBytesPerSec/eth0`, `fs/usedBytes//boot`). Group and
 * field never hold a slash, so everything after the second one is the name.
 * A `#` field counts a list's entries, so an empty list is told from a missing one.
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
  net: NET_FIELDS,
  disk: DISK_FIELDS,
  fs: ['sizeBytes', 'usedBytes'],
  temp: ['celsius'],
} as const;

const MEM_FIELDS = ['totalBytes', 'usedBytes', 'availableBytes', 'cachedBytes', 'buffersBytes'] as const;

/** Receives one column value of a flattened sample. */
export type ColumnVisitor = (key: ColumnKey, value: number) => void;

/**
 * Visits every numeric figure of a sample as a column value, in wire order, plus a
 * `#` count per list. Identity and timing (host, run, seq, tsMs, intervalMs) and the
 * filesystems' types are not columns; the store keeps them beside.
 */
export function visitSampleColumns(sample: Sample, visit: ColumnVisitor): void {
  visit('host/uptimeSec', sample.uptimeSec);
  visit('host/processCount', sample.processCount);
  for (const field of CPU_FIELDS) visit(`cpu/${field}`, sample.cpu.total[field]);
  visit('core/#', sample.cpu.cores.length);
  sample.cpu.cores.forEach((core, i) => {
    for (const field of CPU_FIELDS) visit(`core/${field}/${i}`, core[field]);
  });
  visit('load/one', sample.load.one);
  visit('load/five', sample.load.five);
  visit('load/fifteen', sample.load.fifteen);
  for (const field of MEM_FIELDS) visit(`mem/${field}`, sample.mem[field]);
  visit('swap/totalBytes', sample.swap.totalBytes);
  visit('swap/usedBytes', sample.swap.usedBytes);
  visit('net/#', sample.net.length);
  for (const iface of sample.net) for (const field of NET_FIELDS) visit(`net/${field}/${iface.name}`, iface[field]);
  visit('disk/#', sample.disk.length);
  for (const dev of sample.disk) for (const field of DISK_FIELDS) visit(`disk/${field}/${dev.name}`, dev[field]);
  if (sample.fs) {
    visit('fs/#', sample.fs.length);
    for (const fs of sample.fs) {
      visit(`fs/sizeBytes/${fs.mount}`, fs.sizeBytes);
      visit(`fs/usedBytes/${fs.mount}`, fs.usedBytes);
    }
  }
  if (sample.temps) {
    visit('temp/#', sample.temps.length);
    for (const t of sample.temps) visit(`temp/celsius/${t.label}`, t.celsius);
  }
}
