import { describe, expect, it } from 'vitest';
import type { MemoryRun, StorageResult } from './storage-result.js';
import { formatStorageTables } from './storage-table.js';
import { storageChecks } from './targets.js';

const MIB = 1024 ** 2;

function memoryRun(hosts: number, cores: number, rssMiB: number, build: MemoryRun['build'] = 'this'): MemoryRun {
  return {
    build,
    hosts,
    cores,
    samplesPerHost: 3600,
    samplesStored: hosts * 3600,
    complete: true,
    replaySec: 10,
    hubCpuSec: 5,
    idleRssBytes: 60 * MIB,
    rssBytes: rssMiB * MIB,
    peakRssBytes: rssMiB * MIB,
    heapUsedBytes: 20 * MIB,
    storeMemoryBytes: build === 'this' ? 10 * MIB : null,
    rssPerHostHourBytes: (rssMiB * MIB) / hosts,
  };
}

function result(overrides: Partial<StorageResult>): StorageResult {
  return { memory: [], disk: null, ingest: [], queries: null, windowLoads: null, loadAverage: { start: 1, end: 1 }, ...overrides };
}

/** Whether the check whose target mentions `words` was met. */
const verdict = (s: StorageResult, words: string) => storageChecks(s).find((c) => c.target.includes(words))?.met;

describe('storage targets', () => {
  it('judges the memory targets only at the sizes the issue names, and shows the before figures', () => {
    const full = storageChecks(result({ memory: [memoryRun(1000, 4, 900), memoryRun(100, 16, 260), memoryRun(100, 16, 1400, 'before')] }));
    expect(full.map((c) => c.met)).toEqual([true, false]);
    expect(full[1]!.measured).toContain('1,390 MiB in the issue, 1,400.0 MiB measured');
    const quick = storageChecks(result({ memory: [memoryRun(100, 4, 190), memoryRun(10, 16, 130)] }));
    expect(quick.map((c) => c.met)).toEqual([null, null]);
    expect(quick[0]!.measured).toBe('190.0 MiB with 100 hosts');
    const cut = storageChecks(result({ memory: [{ ...memoryRun(1000, 4, 700), samplesStored: 2_000_000, complete: false }] }));
    expect(cut.map((c) => [c.measured, c.met])).toEqual([['700.0 MiB holding 556 host-hours (replay cut short)', null]]);
  });

  it('compares ingest CPU with and without a data dir, and judges staleness on the data-dir run', () => {
    const run = { hosts: 500, intervalMs: 100, windowSec: 30, samplesPerSec: 5000, hubSystemPct: 5, machineBusyPct: 50, rssBytes: 0, eventLoopDelayMaxP99Ms: 10, eventLoopDelayP99MsBySecond: [10], dashboards: 20, stalenessP50Ms: 1, stalenessMaxMs: 80, seqGaps: 0, faults: 0 };
    const s = result({
      ingest: [
        { ...run, dataDir: false, hubCpuPct: 40, stalenessP99Ms: 70 },
        { ...run, dataDir: true, hubCpuPct: 66, stalenessP99Ms: 40 },
      ],
    });
    expect(verdict(s, 'costs <= 25% of a core more')).toBe(false);
    const lighter = result({ ingest: [{ ...run, dataDir: false, hubCpuPct: 30, stalenessP99Ms: 5 }, { ...run, dataDir: true, hubCpuPct: 29.5, stalenessP99Ms: 5 }] });
    expect(storageChecks(lighter)[0]!.measured).toBe('-0.5% (29.5% vs 30.0%)');
    expect(verdict(s, 'push staleness p99 < 50 ms')).toBe(true);
  });

  it('fails the window-load targets on the slowest and the largest load, and on any drop', () => {
    const loads = [
      { label: '5 m', windowMs: 300_000, bytes: 70_000, ms: 150, tier: 'raw', buckets: 300 },
      { label: '30 d', windowMs: 2_592_000_000, bytes: 270_000, ms: 2100, tier: '1m', buckets: 500 },
    ];
    const checks = storageChecks(result({ windowLoads: { cores: 16, linkBytesPerSec: 1e6, points: 2000, loads, slowClientDropped: 0 } }));
    expect(checks.map((c) => [c.measured, c.met])).toEqual([
      ['slowest 2,100 ms (30 d)', false],
      ['largest 270,000 B (30 d), 0 dropped', false],
    ]);
    expect(formatStorageTables(result({ windowLoads: { cores: 16, linkBytesPerSec: 1e6, points: 2000, loads, slowClientDropped: 0 } }))[0]).toContain('subscribe to snapshot (ms)');
  });
});
