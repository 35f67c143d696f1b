import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DiskDevice, NetInterface } from '@hostpulse/protocol';
import { parseDiskstats, DISKSTATS_SECTOR_BYTES, type DiskCounters } from '../procfs/diskstats.js';
import { parseLoadavg } from '../procfs/loadavg.js';
import { parseMeminfo } from '../procfs/meminfo.js';
import { parseNetDev, type NetCounters } from '../procfs/net-dev.js';
import { ProcFiles } from '../procfs/proc-files.js';
import { parseStat, type ProcStat } from '../procfs/stat.js';
import { parseUptime } from '../procfs/uptime.js';
import { counterRate, cpuPercents, ratesByKey, round2 } from '../rates.js';
import { MAX_ROWS, type Collector, type MetricKey, type Metrics } from './collector.js';
import { countsInTotal, PHYSICAL_ONLY, virtualBlockDevices, virtualNetInterfaces, type TotalsRule } from './device-totals.js';

/** Where the collectors read from and their clock; tests point these at fixtures and a fake clock. */
export interface ProcfsOptions {
  procRoot?: string;
  sysRoot?: string;
  /** Monotonic milliseconds, for the time between two readings. */
  now?: () => number;
  /** Which interfaces count toward the network totals (--net-include, --net-exclude). */
  netTotals?: TotalsRule;
  /** Which block devices count toward the disk totals (--disk-include, --disk-exclude). */
  diskTotals?: TotalsRule;
}

/** A counter source whose rates need the previous reading and the time between. */
function rateCollector<T>(
  name: string,
  read: () => Promise<T>,
  compute: (before: T, after: T, elapsedMs: number) => Partial<Metrics>,
  provides: readonly MetricKey[],
  now: () => number,
): Collector {
  let previous: { value: T; atMs: number } | undefined;
  const take = async () => ({ value: await read(), atMs: now() });
  return {
    name,
    provides,
    async prime() {
      previous = await take();
    },
    async collect() {
      const current = await take();
      const before = previous;
      previous = current;
      // Without an earlier reading (prime failed) there is no rate yet: report nothing
      // rather than a zero, and the sampler treats the fields as not read.
      return before ? compute(before.value, current.value, current.atMs - before.atMs) : {};
    },
  };
}

/** Keeps the `MAX_ROWS` busiest rows when a host has more than the schema allows. */
function capRows<R>(rows: R[], weight: (row: R) => number): R[] {
  return rows.length <= MAX_ROWS ? rows : [...rows].sort((a, b) => weight(b) - weight(a)).slice(0, MAX_ROWS);
}

/** Every-tick collectors reading /proc and /sys directly: no child process, no systeminformation. */
export function createProcfsCollectors({
  procRoot = '/proc',
  sysRoot = '/sys',
  now = () => performance.now(),
  netTotals = PHYSICAL_ONLY,
  diskTotals = PHYSICAL_ONLY,
}: ProcfsOptions = {}): Collector[] {
  // Synchronous reads into one buffer: a procfs file never waits on a disk, and these run every second.
  const files = new ProcFiles();
  const read = (file: string): string => files.read(join(procRoot, file), 'utf8');

  const cpu = rateCollector<ProcStat>(
    'procfs-cpu',
    async () => parseStat(read('stat')),
    (before, after) => ({
      cpu: {
        total: cpuPercents(before.total, after.total),
        // Cores pair by position; a CPU taken offline shortens the list until it returns.
        cores: after.cores.slice(0, before.cores.length).map((core, i) => cpuPercents(before.cores[i]!, core)),
      },
    }),
    ['cpu'],
    now,
  );

  const net = rateCollector<Map<string, NetCounters>>(
    'procfs-net',
    async () => parseNetDev(read('net/dev')),
    (before, after, elapsedMs) => {
      const virtual = virtualNetInterfaces(sysRoot);
      // Loopback traffic never leaves the host and would count every byte twice in a total.
      const rows = ratesByKey(before, after, (name, b, a): NetInterface | null => {
        if (name === 'lo') return null;
        const rates = [
          counterRate(b.rxBytes, a.rxBytes, elapsedMs),
          counterRate(b.txBytes, a.txBytes, elapsedMs),
          counterRate(b.rxPackets, a.rxPackets, elapsedMs),
          counterRate(b.txPackets, a.txPackets, elapsedMs),
          counterRate(b.rxErrors, a.rxErrors, elapsedMs),
          counterRate(b.txErrors, a.txErrors, elapsedMs),
          counterRate(b.rxDropped, a.rxDropped, elapsedMs),
          counterRate(b.txDropped, a.txDropped, elapsedMs),
        ];
        if (rates.some((r) => r === null)) return null;
        const [rxB, txB, rxP, txP, rxE, txE, rxD, txD] = rates.map((r) => round2(r!));
        return {
          name,
          rxBytesPerSec: rxB!,
          txBytesPerSec: txB!,
          rxPacketsPerSec: rxP!,
          txPacketsPerSec: txP!,
          rxErrorsPerSec: rxE!,
          txErrorsPerSec: txE!,
          rxDroppedPerSec: rxD!,
          txDroppedPerSec: txD!,
          inTotal: countsInTotal(name, virtual.has(name), netTotals),
        };
      });
      return { net: capRows(rows, (r) => r.rxBytesPerSec + r.txBytesPerSec) };
    },
    ['net'],
    now,
  );

  const disk = rateCollector<Map<string, DiskCounters>>(
    'procfs-disk',
    async () => {
      // /sys/block lists whole devices only, so partitions (counted in their disk) drop out.
      const whole = new Set(readdirSync(join(sysRoot, 'block')).filter((n) => !/^(loop|ram)/.test(n)));
      const all = parseDiskstats(read('diskstats'));
      return new Map([...all].filter(([name]) => whole.has(name)));
    },
    (before, after, elapsedMs) => {
      const virtual = virtualBlockDevices(sysRoot, after.keys());
      const rows = ratesByKey(before, after, (name, b, a): DiskDevice | null => {
        const rates = [
          counterRate(b.sectorsRead, a.sectorsRead, elapsedMs),
          counterRate(b.sectorsWritten, a.sectorsWritten, elapsedMs),
          counterRate(b.readsCompleted, a.readsCompleted, elapsedMs),
          counterRate(b.writesCompleted, a.writesCompleted, elapsedMs),
          counterRate(b.ioTicksMs, a.ioTicksMs, elapsedMs),
        ];
        if (rates.some((r) => r === null)) return null;
        const [readS, writeS, readOps, writeOps, ticksPerSec] = rates as number[];
        return {
          name,
          readBytesPerSec: round2(readS! * DISKSTATS_SECTOR_BYTES),
          writeBytesPerSec: round2(writeS! * DISKSTATS_SECTOR_BYTES),
          readOpsPerSec: round2(readOps!),
          writeOpsPerSec: round2(writeOps!),
          // io_ticks grows by at most 1000 ms a second; timer skew can push it past.
          busyPct: Math.min(100, round2(ticksPerSec! / 10)),
          inTotal: countsInTotal(name, virtual.has(name), diskTotals),
        };
      });
      return { disk: capRows(rows, (r) => r.readBytesPerSec + r.writeBytesPerSec) };
    },
    ['disk'],
    now,
  );

  const memory: Collector = {
    name: 'procfs-memory',
    provides: ['mem', 'swap'],
    async collect() {
      const m = parseMeminfo(read('meminfo'));
      return {
        // "Used" is what is not available: it counts memory the kernel cannot
        // readily reclaim, which is what a person means by used (free(1) agrees).
        mem: {
          totalBytes: m.totalBytes,
          usedBytes: Math.max(0, m.totalBytes - m.availableBytes),
          availableBytes: m.availableBytes,
          cachedBytes: m.cachedBytes,
          buffersBytes: m.buffersBytes,
        },
        swap: { totalBytes: m.swapTotalBytes, usedBytes: Math.max(0, m.swapTotalBytes - m.swapFreeBytes) },
      };
    },
  };

  const load: Collector = {
    name: 'procfs-load',
    provides: ['load'],
    collect: async () => ({ load: parseLoadavg(read('loadavg')) }),
  };

  const uptime: Collector = {
    name: 'procfs-uptime',
    provides: ['uptimeSec'],
    collect: async () => ({ uptimeSec: parseUptime(read('uptime')) }),
  };

  const processes: Collector = {
    name: 'procfs-processes',
    provides: ['processCount'],
    collect: async () => ({ processCount: readdirSync(procRoot).filter((n) => n.charCodeAt(0) >= 48 && n.charCodeAt(0) <= 57).length }),
  };

  return [cpu, memory, load, net, disk, uptime, processes];
}
