import type { HubStats, TransportStats } from '@hostpulse/protocol';
import type { BrowserPoint } from '../state/compare-state.svelte.js';
import type { ChartSeries } from './chart-series.js';
import type { LabPoint } from './lab-freshness.js';
import type { Mode } from '../routing/url-state.js';

/** One line per transport of a figure the hub reports for each. */
export function perTransportSeries(history: readonly HubStats[], pick: (t: TransportStats) => number): ChartSeries[] {
  return [
    { label: 'push', colorIndex: 0, points: history.map((s) => ({ x: s.tsMs, y: pick(s.transports.push) })) },
    { label: 'poll', colorIndex: 1, points: history.map((s) => ({ x: s.tsMs, y: pick(s.transports.poll) })) },
  ];
}

/** The hub process's CPU, percent of one core. */
export function hubCpuSeries(history: readonly HubStats[]): ChartSeries[] {
  return [{ label: 'hub CPU', colorIndex: 2, points: history.map((s) => ({ x: s.tsMs, y: s.process.cpuPct })) }];
}

/**
 * This browser's figure split by the transport in use at the time: the push line
 * breaks (NaN) where the tab was polling and the other way round, so a switch shows.
 */
export function browserSeries(history: readonly BrowserPoint[], pick: (p: BrowserPoint) => number, suffix = ''): ChartSeries[] {
  return (['push', 'poll'] as const).map((mode, i) => ({
    label: `${mode}${suffix}`,
    colorIndex: i,
    points: history.map((p) => ({ x: p.tsMs, y: p.mode === mode ? pick(p) : Number.NaN })),
  }));
}

/** Age of data when drawn, p50 solid and p95 dashed, per transport. */
export function ageSeries(history: readonly BrowserPoint[]): ChartSeries[] {
  const [pushP50, pollP50] = browserSeries(history, (p) => p.ageP50Ms, ' p50');
  const [pushP95, pollP95] = browserSeries(history, (p) => p.ageP95Ms, ' p95');
  return [pushP50!, { ...pushP95!, dashed: true }, pollP50!, { ...pollP95!, dashed: true }];
}

/**
 * The lab's mode at each hub stats time: the mode of the lab's figures within 1.5 s
 * of it, else null (no lab ran then). Both histories are in time order.
 */
export function labModesAt(hub: readonly HubStats[], lab: readonly LabPoint[]): (Mode | null)[] {
  let j = 0;
  return hub.map((s) => {
    while (j + 1 < lab.length && lab[j + 1]!.tsMs <= s.tsMs) j += 1;
    const near = [lab[j], lab[j + 1]].filter((p): p is LabPoint => p !== undefined && Math.abs(p.tsMs - s.tsMs) <= 1500);
    return near[0]?.mode ?? null;
  });
}

/**
 * The hub process's CPU, one line while the lab's viewers push, one while they poll
 * and one with no lab, so a swap shows as the line changing colour and level.
 */
export function hubCpuByLabSeries(history: readonly HubStats[], lab: readonly LabPoint[]): ChartSeries[] {
  if (lab.length === 0) return hubCpuSeries(history);
  const modes = labModesAt(history, lab);
  const line = (label: string, colorIndex: number, mode: Mode | null): ChartSeries => ({
    label,
    colorIndex,
    points: history.map((s, i) => ({ x: s.tsMs, y: modes[i] === mode ? s.process.cpuPct : Number.NaN })),
  });
  return [line('hub CPU, lab pushing', 0, 'push'), line('hub CPU, lab polling', 1, 'poll'), line('hub CPU, no lab', 2, null)];
}

/** The lab viewers' data age, p50 solid and p95 dashed, per transport; a second with no update leaves a gap. */
export function labAgeSeries(history: readonly LabPoint[]): ChartSeries[] {
  const line = (mode: Mode, colorIndex: number, pick: (p: LabPoint) => number | null, suffix: string, dashed: boolean): ChartSeries => ({
    label: `${mode} ${suffix}`,
    colorIndex,
    ...(dashed ? { dashed } : {}),
    points: history.map((p) => ({ x: p.tsMs, y: p.mode === mode ? (pick(p) ?? Number.NaN) : Number.NaN })),
  });
  return [
    line('push', 0, (p) => p.figures.dataAgeP50Ms, 'p50', false),
    line('push', 0, (p) => p.figures.dataAgeP95Ms, 'p95', true),
    line('poll', 1, (p) => p.figures.dataAgeP50Ms, 'p50', false),
    line('poll', 1, (p) => p.figures.dataAgeP95Ms, 'p95', true),
  ];
}
