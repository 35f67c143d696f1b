import { describe, expect, it } from 'vitest';
import type { HubStats, LabFigures } from '@hostpulse/protocol';
import { hubCpuByLabSeries, labAgeSeries, labModesAt } from './compare-series.js';
import type { LabPoint } from './lab-freshness.js';

const stats = (tsMs: number, cpuPct: number): HubStats => ({ tsMs, process: { cpuPct } }) as HubStats;
const lab = (tsMs: number, mode: 'push' | 'poll', p50: number | null): LabPoint => ({ tsMs, mode, figures: { dataAgeP50Ms: p50, dataAgeP95Ms: p50 === null ? null : p50 * 2 } as LabFigures });

describe('lab series', () => {
  it("gives each hub second the lab's mode within 1.5 s of it, or none", () => {
    const hub = [stats(1000, 1), stats(5000, 1), stats(6000, 1), stats(7100, 1), stats(12_000, 1)];
    expect(labModesAt(hub, [lab(5200, 'poll', 1), lab(6100, 'poll', 1), lab(7000, 'push', 1)])).toEqual([null, 'poll', 'poll', 'push', null]);
  });

  it('draws hub CPU as one line per lab mode, so a swap changes the line', () => {
    const series = hubCpuByLabSeries([stats(1000, 20), stats(2000, 3)], [lab(1000, 'poll', 100), lab(2000, 'push', 5)]);
    expect(series.map((s) => s.label)).toEqual(['hub CPU, lab pushing', 'hub CPU, lab polling', 'hub CPU, no lab']);
    expect(series[0]!.points.map((p) => p.y)).toEqual([Number.NaN, 3]);
    expect(series[1]!.points.map((p) => p.y)).toEqual([20, Number.NaN]);
    // With no lab ever run, the single line of before.
    expect(hubCpuByLabSeries([stats(1000, 20)], []).map((s) => s.label)).toEqual(['hub CPU']);
  });

  it("splits the viewers' data age by mode, p95 dashed, leaving gaps for seconds with no update", () => {
    const [pushP50, pushP95, pollP50] = labAgeSeries([lab(1000, 'poll', 120), lab(2000, 'push', 4), lab(3000, 'push', null)]);
    expect(pushP50!.points.map((p) => p.y)).toEqual([Number.NaN, 4, Number.NaN]);
    expect(pushP95).toMatchObject({ dashed: true });
    expect(pollP50!.points.map((p) => p.y)).toEqual([120, Number.NaN, Number.NaN]);
  });
});
