import { CLK_TCK, readCpuTotals, readProcStat, readProcStatus, ownCpuSec } from './proc-stat.js';

/** CPU one process used over a window. */
export interface CpuUse {
  cpuSec: number;
  wallSec: number;
  /** Percent of one core. */
  pct: number;
  /** The part of `pct` spent in the kernel (on loopback this includes delivering the bytes). */
  systemPct: number;
}

/** Starts a CPU window on a process; `finish` returns what it used since. */
export function startCpuWindow(pid: number): { finish(): CpuUse } {
  const startCpu = readProcStat(pid);
  const startMs = performance.now();
  return {
    finish() {
      const end = readProcStat(pid);
      const wallSec = (performance.now() - startMs) / 1000;
      const cpuSec = startCpu && end ? ownCpuSec(end) - ownCpuSec(startCpu) : 0;
      const systemSec = startCpu && end ? (end.stimeTicks - startCpu.stimeTicks) / CLK_TCK : 0;
      const share = (sec: number): number => (wallSec > 0 ? (100 * sec) / wallSec : 0);
      return { cpuSec, wallSec, pct: share(cpuSec), systemPct: share(systemSec) };
    },
  };
}

/** Samples a process's RSS once a second until stopped; returns peak and mean in bytes. */
export function startRssSampler(pid: number, everyMs = 1000): { stop(): { peakBytes: number; meanBytes: number } } {
  const values: number[] = [];
  const take = (): void => {
    const status = readProcStatus(pid);
    if (status) values.push(status.rssBytes);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      const peakBytes = Math.max(0, ...values);
      const meanBytes = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
      return { peakBytes, meanBytes };
    },
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts a window on the whole machine; `finish` returns the share of all cores that was busy, 0-100. */
export function startMachineWindow(): { finish(): number } {
  const start = readCpuTotals();
  return {
    finish() {
      const end = readCpuTotals();
      const total = end.totalTicks - start.totalTicks;
      return total > 0 ? (100 * (end.busyTicks - start.busyTicks)) / total : 0;
    },
  };
}
