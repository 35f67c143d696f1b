import { describe, expect, it } from 'vitest';
import type { HostSample } from '@hostpulse/protocol';
import { downsample, mergeSamples, samplesForWindow, trimToWindow } from './series.js';

function sample(seq: number, runId = 'r1'): HostSample {
  return { seq, runId, tsMs: seq * 1000, hubRxMs: seq * 1000 + 20 } as HostSample;
}
const seqsOf = (series: HostSample[]): number[] => series.map((s) => s.seq);

describe('mergeSamples', () => {
  it('appends newer samples and trims to the window', () => {
    const existing = [1, 2, 3].map((n) => sample(n));
    const merged = mergeSamples(existing, [sample(4), sample(5)], 2000);
    expect(seqsOf(merged)).toEqual([3, 4, 5]);
    expect(existing).toHaveLength(3);
  });
  it('drops duplicates and sorts a history batch into place', () => {
    const existing = [5, 6, 7].map((n) => sample(n));
    const merged = mergeSamples(existing, [3, 4, 5, 6].map((n) => sample(n)), 60_000);
    expect(seqsOf(merged)).toEqual([3, 4, 5, 6, 7]);
  });
  it('keeps samples of two runs apart even with equal seq numbers', () => {
    const oldRun = [sample(1), sample(2)];
    const newRun = { ...sample(1, 'r2'), tsMs: 5000, hubRxMs: 5020 };
    expect(mergeSamples(oldRun, [newRun], 60_000).map((s) => `${s.runId}:${s.seq}`)).toEqual(['r1:1', 'r1:2', 'r2:1']);
  });
});

describe('trimToWindow', () => {
  it('returns the same array when nothing falls out', () => {
    const series = [sample(1), sample(2)];
    expect(trimToWindow(series, 60_000)).toBe(series);
    expect(trimToWindow([], 1000)).toEqual([]);
  });
  it('keeps the samples within the window of the newest', () => {
    expect(seqsOf(trimToWindow([1, 2, 3, 4, 5].map((n) => sample(n)), 1500))).toEqual([4, 5]);
  });
});

describe('downsample', () => {
  it('leaves short series alone', () => {
    const points = [{ x: 1, y: 1 }, { x: 2, y: 2 }];
    expect(downsample(points, 10)).toEqual(points);
  });
  it('averages long series down to at most the limit, ending on the last point', () => {
    const points = Array.from({ length: 3600 }, (_, i) => ({ x: i, y: i % 2 === 0 ? 0 : 10 }));
    const out = downsample(points, 601);
    expect(out.length).toBeLessThanOrEqual(601);
    expect(out.length).toBeGreaterThan(500);
    expect(out[out.length - 1]).toEqual({ x: 3599, y: 10 });
    expect(out[0]!.y).toBeCloseTo(5);
  });
});

describe('samplesForWindow', () => {
  it('asks for a window of samples plus a margin, capped by the hub limit', () => {
    expect(samplesForWindow(60_000, 1000, 3600)).toBe(65);
    expect(samplesForWindow(3_600_000, 1000, 3600)).toBe(3600);
    expect(samplesForWindow(300_000, 2000, 3600)).toBe(155);
  });
});
