import { describe, expect, it } from 'vitest';
import { ALERT_METRICS, ALERT_TOP_PROCESSES, WHO_DID_IT_METRICS, type HostProcessTable, type ProcessRow } from '@hostpulse/protocol';
import { NEAR_TABLE_INTERVALS, topProcessesOf } from './who-did-it.js';

const row = (pid: number, cpuPct: number, rssBytes: number, state = 'S'): ProcessRow => ({ pid, name: `p${pid}`, user: 'root', command: `p${pid} --run`, cpuPct, rssBytes, threads: 1, state, groupId: 'cgroup:/' });

const table: HostProcessTable = {
  hostId: 'web-1',
  runId: 'run-1',
  tsMs: 10_000,
  intervalMs: 5000,
  processCount: 8,
  groupCount: 1,
  processes: [row(1, 5, 900), row(2, 90, 10), row(3, 40, 500), row(4, 0, 100, 'D'), row(5, 60, 50), row(6, 1, 800), row(7, 2, 700)],
  groups: [],
  hubRxMs: 10_050,
};
const pids = (metric: (typeof ALERT_METRICS)[number]) => topProcessesOf(table, metric, 11_000)?.processes.map((p) => p.pid);

describe('who did it', () => {
  it('ranks by CPU for CPU and load, by memory for memory and swap, and puts those waiting on disk first for disk', () => {
    expect(pids('cpu.busyPct')).toEqual([2, 5, 3, 1, 7]);
    expect(pids('load1')).toEqual([2, 5, 3, 1, 7]);
    expect(pids('mem.usedPct')).toEqual([1, 6, 7, 3, 4]);
    expect(pids('swap.usedPct')).toEqual([1, 6, 7, 3, 4]);
    expect(pids('disk.busyPct')).toEqual([4, 2, 5, 3, 1]);
  });

  it('keeps the rows as an alert shows them, with the table\'s time', () => {
    const top = topProcessesOf(table, 'cpu.busyPct', 11_000)!;
    expect(top.tsMs).toBe(10_000);
    expect(top.processes).toHaveLength(ALERT_TOP_PROCESSES);
    expect(top.processes[0]).toEqual({ pid: 2, name: 'p2', user: 'root', command: 'p2 --run', cpuPct: 90, rssBytes: 10, state: 'S' });
  });

  it('keeps nothing for other metrics, without a table, or from a table that reached the hub too far from the firing', () => {
    for (const metric of ALERT_METRICS.filter((m) => !(WHO_DID_IT_METRICS as readonly string[]).includes(m))) expect(pids(metric)).toBeUndefined();
    expect(topProcessesOf(undefined, 'cpu.busyPct', 11_000)).toBeUndefined();
    const farMs = NEAR_TABLE_INTERVALS * table.intervalMs;
    expect(topProcessesOf(table, 'cpu.busyPct', table.hubRxMs + farMs)).toBeDefined();
    expect(topProcessesOf(table, 'cpu.busyPct', table.hubRxMs + farMs + 1)).toBeUndefined();
    expect(topProcessesOf(table, 'cpu.busyPct', table.hubRxMs - farMs - 1)).toBeUndefined();
  });
});
