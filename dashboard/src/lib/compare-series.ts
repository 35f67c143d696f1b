import type { HubStats, TransportStats } from '@hostpulse/protocol';
import type { BrowserPoint } from './compare-state.svelte.js';
import type { ChartSeries } from './chart-series.js';

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
