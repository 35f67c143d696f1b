import { describe, expect, it } from 'vitest';
import { cpuSeries, memorySeries, networkSeries } from './chart-series.js';
import type { WindowSeries } from './window-series.js';

function series(t: number[], lines: Record<string, (number | null)[]>, bucketMs = 1000): WindowSeries {
  return {
    fromMs: 0,
    toMs: 100_000,
    bucketMs,
    tier: 'raw',
    t,
    lines: Object.entries(lines).map(([id, avg]) => ({ id, avg, min: avg.map((v) => (v === null ? null : v - 1)), max: avg.map((v) => (v === null ? null : v + 1)), count: avg.map((v) => (v === null ? 0 : 1)) })),
  };
}

describe('chart series', () => {
  it('draws CPU as all cores first then each core dashed, each mean over a min-max band', () => {
    const [all, core0] = cpuSeries(series([1000, 2000], { cpu: [25, 30], 'core:0': [50, 60] }), 1000);
    expect([all!.label, core0!.label, core0!.dashed]).toEqual(['all cores', 'core 0', true]);
    expect(all!.points).toEqual([{ x: 1000, y: 25 }, { x: 2000, y: 30 }]);
    expect(all!.band!.min.map((p) => p.y)).toEqual([24, 29]);
    expect(all!.band!.max.map((p) => p.y)).toEqual([26, 31]);
  });

  it('stacks cache on used memory, its band sitting on the used mean; swap stands apart', () => {
    const [used, cache, swap] = memorySeries(series([1000], { memUsed: [40], memCache: [25], swapUsed: [1] }), 1000);
    expect([used!.stack, cache!.stack, swap!.stack]).toEqual(['mem', 'mem', undefined]);
    expect(cache!.points[0]!.y).toBe(25);
    expect(cache!.band!.min[0]!.y).toBe(40 + 24);
    expect(cache!.band!.max[0]!.y).toBe(40 + 26);
  });

  it('pairs rx and tx per interface with one colour each', () => {
    const lines = networkSeries(series([1000], { 'netRx:eth0': [10], 'netRx:lo': [1], 'netTx:eth0': [2], 'netTx:lo': [0] }), 1000);
    expect(lines.map((l) => `${l.label}/${l.colorIndex}`)).toEqual(['eth0 rx/0', 'eth0 tx/0', 'lo rx/1', 'lo tx/1']);
  });

  it('breaks every line where buckets are missing, and skips a bucket a line has no value in', () => {
    const [all] = cpuSeries(series([1000, 2000, 3000, 10_000], { cpu: [1, null, 3, 4] }), 1000);
    expect(all!.points.map((p) => p.x)).toEqual([1000, 3000, 4000, 10_000]);
    expect(Number.isNaN(all!.points[2]!.y)).toBe(true);
    // One-minute buckets a minute apart are not a gap.
    const [minutes] = cpuSeries(series([0, 60_000, 120_000], { cpu: [1, 2, 3] }, 60_000), 1000);
    expect(minutes!.points.every((p) => !Number.isNaN(p.y))).toBe(true);
  });
});
