import os from 'node:os';
import type { CpuTimes } from '@hostpulse/protocol';
import { round2 } from '../rates.js';
import { MAX_ROWS, type Collector } from './collector.js';
import { countsInTotal, PHYSICAL_ONLY, type TotalsRule } from './device-totals.js';
import type { SystemInformation } from './si-import.js';

const pct = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? Math.min(100, Math.max(0, round2(n))) : 0);

/** The process count costs systeminformation a `ps` run, so it is refreshed at most this often. */
const PROCESS_COUNT_EVERY_MS = 10_000;

function cpuTimes(user: number, nice: number, system: number, irq: number, steal: number, idle: number): CpuTimes {
  // systeminformation has no iowait outside Linux; the other shares add up to 100 without it.
  return { userPct: pct(user + nice), systemPct: pct(system + irq), iowaitPct: 0, stealPct: pct(steal), idlePct: pct(idle) };
}

/**
 * Every-tick collectors for macOS and Windows, where there is no procfs. Gaps,
 * as systeminformation has no source for them there: iowait reads 0, packet
 * counts per interface read 0, and disk I/O is one device named "all" with busy 0.
 * No sysfs tells virtual interfaces apart there: all count toward the totals
 * unless `netTotals` (--net-include, --net-exclude) says otherwise.
 */
export function createSystemInformationCollectors(si: SystemInformation, netTotals: TotalsRule = PHYSICAL_ONLY): Collector[] {
  let processCount: { value: number; atMs: number } | undefined;
  return [
    {
      name: 'si-cpu',
      provides: ['cpu'],
      prime: async () => void (await si.currentLoad()),
      async collect() {
        const l = await si.currentLoad();
        return {
          cpu: {
            total: cpuTimes(l.currentLoadUser, l.currentLoadNice, l.currentLoadSystem, l.currentLoadIrq, l.currentLoadSteal, l.currentLoadIdle),
            cores: l.cpus.map((c) => cpuTimes(c.loadUser, c.loadNice, c.loadSystem, c.loadIrq, c.loadSteal, c.loadIdle)),
          },
        };
      },
    },
    {
      name: 'si-memory',
      provides: ['mem', 'swap'],
      async collect() {
        const m = await si.mem();
        return {
          mem: { totalBytes: m.total, usedBytes: Math.max(0, m.total - m.available), availableBytes: m.available, cachedBytes: m.cached, buffersBytes: m.buffers },
          swap: { totalBytes: m.swaptotal, usedBytes: m.swapused },
        };
      },
    },
    {
      name: 'os-load',
      provides: ['load', 'uptimeSec'],
      collect: async () => {
        const [one = 0, five = 0, fifteen = 0] = os.loadavg();
        return { load: { one, five, fifteen }, uptimeSec: os.uptime() };
      },
    },
    {
      name: 'si-net',
      provides: ['net'],
      prime: async () => void (await si.networkStats('*')),
      async collect() {
        const stats = await si.networkStats('*');
        const net = stats
          .filter((s) => s.iface && typeof s.rx_sec === 'number' && typeof s.tx_sec === 'number')
          .map((s) => ({
            name: s.iface.slice(0, 256),
            rxBytesPerSec: round2(Math.max(0, s.rx_sec)),
            txBytesPerSec: round2(Math.max(0, s.tx_sec)),
            rxPacketsPerSec: 0,
            txPacketsPerSec: 0,
            rxErrorsPerSec: 0,
            txErrorsPerSec: 0,
            inTotal: countsInTotal(s.iface, false, netTotals),
          }));
        return { net: net.slice(0, MAX_ROWS) };
      },
    },
    {
      name: 'si-disk',
      provides: ['disk'],
      prime: async () => void (await Promise.all([si.disksIO(), si.fsStats()])),
      async collect() {
        const [io, fs] = await Promise.all([si.disksIO(), si.fsStats()]);
        if (io?.rIO_sec == null || fs?.rx_sec == null) return { disk: [] };
        return {
          disk: [
            { name: 'all', readBytesPerSec: round2(fs.rx_sec), writeBytesPerSec: round2(fs.wx_sec ?? 0), readOpsPerSec: round2(io.rIO_sec), writeOpsPerSec: round2(io.wIO_sec ?? 0), busyPct: 0 },
          ],
        };
      },
    },
    {
      name: 'si-processes',
      provides: ['processCount'],
      async collect() {
        if (!processCount || performance.now() - processCount.atMs > PROCESS_COUNT_EVERY_MS) {
          processCount = { value: (await si.processes()).all, atMs: performance.now() };
        }
        return { processCount: processCount.value };
      },
    },
  ];
}
