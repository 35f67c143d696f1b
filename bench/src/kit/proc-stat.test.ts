import { describe, expect, it } from 'vitest';
import { parseCpuTotals, parseProcStat, parseProcStatus, processTree, readProcStat, treeCpuSec, treeOf, type ProcStat } from './proc-stat.js';

// A real line from Linux 6.x, with a command name that holds a space and parentheses.
const LINE =
  '4242 (node (hub) x) S 4200 4242 4200 0 -1 4194304 9000 0 12 0 1234 567 89 10 20 0 11 0 123456 1099511627776 20000 18446744073709551615 1 1 0 0 0 0 0 16781312 134234626 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0';

describe('parseProcStat', () => {
  it('reads pid, parent and CPU ticks, counting fields from the last parenthesis', () => {
    expect(parseProcStat(LINE)).toEqual({
      pid: 4242,
      comm: 'node (hub) x',
      ppid: 4200,
      utimeTicks: 1234,
      stimeTicks: 567,
      cutimeTicks: 89,
      cstimeTicks: 10,
    });
  });

  it('refuses text that is not a stat line', () => {
    expect(() => parseProcStat('garbage')).toThrow(/not a \/proc/);
  });

  it('reads this very process from /proc', () => {
    const self = readProcStat(process.pid);
    expect(self?.pid).toBe(process.pid);
    expect(self?.ppid).toBe(process.ppid);
    expect(processTree(process.pid)[0]?.pid).toBe(process.pid);
  });
});

describe('parseProcStatus', () => {
  it('reads VmRSS and VmHWM in bytes', () => {
    const text = 'Name:\tnode\nVmHWM:\t   81920 kB\nVmRSS:\t   40960 kB\nThreads:\t11\n';
    expect(parseProcStatus(text)).toEqual({ rssBytes: 40960 * 1024, peakRssBytes: 81920 * 1024 });
  });
});

describe('process trees', () => {
  const stat = (pid: number, ppid: number, ticks: number, reapedTicks = 0): ProcStat => ({
    pid,
    comm: 'x',
    ppid,
    utimeTicks: ticks,
    stimeTicks: 0,
    cutimeTicks: reapedTicks,
    cstimeTicks: 0,
  });

  it('selects a root and every descendant, and nothing else', () => {
    const all = [stat(1, 0, 0), stat(10, 1, 5), stat(11, 10, 7), stat(12, 11, 1), stat(20, 1, 100)];
    expect(treeOf(10, all).map((s) => s.pid)).toEqual([10, 11, 12]);
    expect(treeOf(99, all)).toEqual([]);
  });

  it('adds the CPU of reaped children to the live tree', () => {
    expect(treeCpuSec([stat(10, 1, 150, 50), stat(11, 10, 100)])).toBe(3);
  });
});

describe('parseCpuTotals', () => {
  it('counts every state but idle and iowait as busy', () => {
    const text = 'cpu  100 5 50 800 40 0 5 0 0 0\ncpu0 50 2 25 400 20 0 3 0 0 0\n';
    expect(parseCpuTotals(text)).toEqual({ busyTicks: 160, totalTicks: 1000 });
  });
});
