import { describe, expect, it } from 'vitest';
import type { HostSample, SeriesResponse } from '@hostpulse/protocol';
import { busy, testSample } from '../../test/test-sample.js';
import { bucketStart, foldSamples, seriesFromResponse } from './window-series.js';

/** A sample at `tsMs` whose CPU is `busyPct` busy; `net` adds an interface. */
function sample(seq: number, tsMs: number, busyPct: number, net: HostSample['net'] = []): HostSample {
  return testSample(seq, { runId: 'r1', tsMs, hubRxMs: tsMs + 5, cpu: { total: busy(busyPct), cores: [] }, net });
}

/** A 1-minute-bucket answer for [0, 180 s] with CPU in three buckets; the last holds 30 s of samples. */
const minutes: SeriesResponse = {
  hostId: 'web-1',
  fromMs: 0,
  toMs: 150_000,
  tier: '1m',
  bucketMs: 60_000,
  runId: 'r1',
  lastSeq: 150,
  t: [0, 60_000, 120_000],
  lines: [{ id: 'cpu', avg: [10, 20, 30], min: [5, 15, 25], max: [15, 25, 35] }],
};

const cpuOf = (series: ReturnType<typeof seriesFromResponse>) => series.lines.find((l) => l.id === 'cpu')!;

describe('window series', () => {
  it('takes min and max as the mean where the hub left them out (one sample per bucket)', () => {
    const series = seriesFromResponse({ ...minutes, tier: 'raw', bucketMs: 1000, t: [0, 1000], lines: [{ id: 'cpu', avg: [1, null] }] }, 1000);
    expect(cpuOf(series)).toMatchObject({ avg: [1, null], min: [1, null], max: [1, null], count: [1, 0] });
  });

  it('folds a live sample into the current bucket, weighing it as one of the samples already there', () => {
    const series = seriesFromResponse(minutes, 1000);
    // The last bucket ran 30 s (120 s to the answer's end at 150 s): about 30 samples of 1 s.
    expect(cpuOf(series).count).toEqual([60, 60, 30]);
    const next = foldSamples(series, [sample(151, 151_000, 92)], 86_400_000);
    const cpu = cpuOf(next);
    expect(next.t).toEqual([0, 60_000, 120_000]);
    expect(cpu.avg[2]).toBeCloseTo((30 * 30 + 92) / 31);
    expect(cpu.max[2]).toBe(92);
    expect(cpu.min[2]).toBe(25);
    expect(cpu.count[2]).toBe(31);
    // The series it came from is unchanged: a pause keeps drawing it as it was.
    expect(cpuOf(series).avg[2]).toBe(30);
  });

  it('opens a new bucket on the same grid, slides the window and adds a line that appears', () => {
    const series = seriesFromResponse(minutes, 1000);
    const eth0 = [{ name: 'eth0', rxBytesPerSec: 500, txBytesPerSec: 50, rxPacketsPerSec: 0, txPacketsPerSec: 0, rxErrorsPerSec: 0, txErrorsPerSec: 0 }];
    const next = foldSamples(series, [sample(200, 200_500, 50, eth0), sample(201, 201_500, 70, eth0)], 120_000);
    // 200.5 s falls in the bucket starting at 180 s; the window now ends at 201.5 s and starts
    // 120 s before, so the first bucket (0-60 s) has left it and the second still reaches in.
    expect(next.t).toEqual([60_000, 120_000, 180_000]);
    expect(next.fromMs).toBe(81_500);
    expect(next.toMs).toBe(201_500);
    expect(cpuOf(next)).toMatchObject({ avg: [20, 30, 60], min: [15, 25, 50], max: [25, 35, 70], count: [60, 30, 2] });
    expect(next.lines.find((l) => l.id === 'netRx:eth0')).toMatchObject({ avg: [null, null, 500], count: [0, 0, 2] });
  });

  it('puts a replayed sample into the bucket of its own time, between others', () => {
    const series = seriesFromResponse({ ...minutes, t: [0, 120_000], lines: [{ id: 'cpu', avg: [10, 30] }] }, 1000);
    const next = foldSamples(series, [sample(70, 70_000, 44)], 86_400_000);
    expect(next.t).toEqual([0, 60_000, 120_000]);
    expect(cpuOf(next).avg).toEqual([10, 44, 30]);
    // Older than the window: nothing to fold it into.
    expect(foldSamples(series, [sample(1, -5000, 1)], 86_400_000).t).toEqual([0, 120_000]);
  });

  it('finds buckets on the grid of the answer, wherever it starts', () => {
    const series = { fromMs: 1_500, bucketMs: 1000, t: [2_500, 3_500] };
    expect(bucketStart(series, 3_499)).toBe(2_500);
    expect(bucketStart(series, 9_000)).toBe(8_500);
    expect(bucketStart({ ...series, t: [] }, 9_000)).toBe(8_500);
  });
});
