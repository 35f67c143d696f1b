import { describe, expect, it } from 'vitest';
import { countLost, seqKey } from './lost-samples.js';
import { memoryGrowth, soakWarmupMs } from './memory-growth.js';

const MiB = 1024 ** 2;

describe('memoryGrowth', () => {
  it('compares the medians of the first and last quarters after the warm-up', () => {
    // 12 readings after the warm-up: quarters of 3; the sawtooth's low points rise by 5%.
    const after = [100, 120, 140, 100, 120, 140, 104, 124, 144, 105, 125, 145];
    const points = [{ atMs: 0, bytes: 300 * MiB }, ...after.map((v, i) => ({ atMs: 20_000 + i * 10_000, bytes: v * MiB }))];
    const growth = memoryGrowth(points, 20_000);
    expect(growth.baselineBytes).toBe(120 * MiB);
    expect(growth.finalBytes).toBe(125 * MiB);
    expect(growth.growthPct).toBeCloseTo(100 * (5 / 120), 6);
    expect(growth.baselineLowBytes).toBe(100 * MiB);
    expect(growth.finalLowBytes).toBe(105 * MiB);
    expect(growth.peakBytes).toBe(300 * MiB);
  });

  it('uses a quarter of the readings when there are more than twelve', () => {
    const points = Array.from({ length: 40 }, (_, i) => ({ atMs: i * 1000, bytes: (i < 10 ? 100 : i >= 30 ? 200 : 150) * MiB }));
    expect(memoryGrowth(points, 0).growthPct).toBeCloseTo(100, 6);
  });

  it('gives no growth without readings after the warm-up', () => {
    expect(memoryGrowth([{ atMs: 0, bytes: MiB }], 5000)).toMatchObject({ baselineBytes: null, finalBytes: null, growthPct: null, peakBytes: MiB });
  });

  it('warms up for 2 minutes, or a fifth of a short run', () => {
    expect(soakWarmupMs(600_000)).toBe(120_000);
    expect(soakWarmupMs(60_000)).toBe(12_000);
  });
});

describe('countLost', () => {
  it('counts seqs an agent run made that the hub never held, across restarts', () => {
    const held = new Map([
      ['h1', new Set([seqKey('r1', 1), seqKey('r1', 2), seqKey('r1', 4), seqKey('r2', 1)])],
      ['h2', new Set([seqKey('r3', 1)])],
    ]);
    const runs = [
      { hostId: 'h1', runId: 'r1', produced: 4 },
      { hostId: 'h1', runId: 'r2', produced: 2 },
      { hostId: 'h2', runId: 'r3', produced: 1 },
    ];
    const count = countLost(runs, held);
    expect(count).toMatchObject({ produced: 7, held: 5, lost: 2, unexpected: 0 });
    expect(count.firstLost).toEqual([
      { hostId: 'h1', runId: 'r1', seq: 3 },
      { hostId: 'h1', runId: 'r2', seq: 2 },
    ]);
  });

  it('counts held seqs no run made as unexpected, and a host never seen as all lost', () => {
    const count = countLost([{ hostId: 'h9', runId: 'r9', produced: 3 }], new Map([['h1', new Set([seqKey('r1', 1)])]]), 1);
    expect(count).toMatchObject({ produced: 3, held: 1, lost: 3, unexpected: 1 });
    expect(count.firstLost).toHaveLength(1);
  });
});
