import { describe, expect, it } from 'vitest';
import type { HostSample } from '@hostpulse/protocol';
import { cpuSeries, memorySeries, networkSeries, temperatureSeries } from './detail-series.js';

const times = (idlePct: number): HostSample['cpu']['total'] => ({ userPct: 100 - idlePct, systemPct: 0, iowaitPct: 0, stealPct: 0, idlePct });

function sample(seq: number, extra: Partial<HostSample> = {}): HostSample {
  return {
    seq,
    tsMs: seq * 1000,
    intervalMs: 1000,
    cpu: { total: times(75), cores: [times(50), times(100)] },
    mem: { totalBytes: 100, usedBytes: 40, availableBytes: 60, cachedBytes: 20, buffersBytes: 5 },
    swap: { totalBytes: 10, usedBytes: 1 },
    net: [{ name: 'eth0', rxBytesPerSec: 10 * seq, txBytesPerSec: 1, rxPacketsPerSec: 0, txPacketsPerSec: 0, rxErrorsPerSec: 0, txErrorsPerSec: 0 }],
    ...extra,
  } as HostSample;
}

describe('detail series', () => {
  it('draws CPU as busy percent, all cores first then each core', () => {
    const series = cpuSeries([sample(1), sample(2)]);
    expect(series.map((s) => s.label)).toEqual(['all cores', 'core 0', 'core 1']);
    expect(series.map((s) => s.points[0]!.y)).toEqual([25, 50, 0]);
    expect(series[0]!.points.map((p) => p.x)).toEqual([1000, 2000]);
  });

  it('stacks used and cache memory and keeps swap apart', () => {
    const [used, cache, swap] = memorySeries([sample(1)]);
    expect([used!.stack, cache!.stack, swap!.stack]).toEqual(['mem', 'mem', 'swap']);
    expect(cache!.points[0]!.y).toBe(25);
  });

  it('follows the interfaces of the latest sample, rx and tx per interface', () => {
    const series = networkSeries([sample(1), sample(2)]);
    expect(series.map((s) => s.label)).toEqual(['eth0 rx', 'eth0 tx']);
    expect(series[0]!.points.map((p) => p.y)).toEqual([10, 20]);
  });

  it('draws temperatures only from the samples that carry them', () => {
    const series = temperatureSeries([sample(1, { temps: [{ label: 'cpu', celsius: 50 }] }), sample(2), sample(3, { temps: [{ label: 'cpu', celsius: 55 }] })]);
    expect(series).toHaveLength(1);
    expect(series[0]!.points).toEqual([{ x: 1000, y: 50 }, { x: 3000, y: 55 }]);
    expect(temperatureSeries([sample(1)])).toEqual([]);
  });

  it('breaks a line where samples are missing for several intervals', () => {
    const [all] = cpuSeries([sample(1), sample(2), sample(10), sample(11)]);
    expect(all!.points.map((p) => p.x)).toEqual([1000, 2000, 3000, 10_000, 11_000]);
    expect(Number.isNaN(all!.points[2]!.y)).toBe(true);
  });
});
