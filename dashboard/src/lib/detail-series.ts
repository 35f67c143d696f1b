import type { HostSample } from '@hostpulse/protocol';
import { downsample, type Point } from './series.js';

/** Most points drawn per line; longer windows are averaged down to it. */
const MAX_POINTS_PER_LINE = 600;

/** Missing samples spanning more than this many intervals show as a break in the line. */
const GAP_AFTER_INTERVALS = 2.5;

/** One line of a chart, ready to draw. */
export interface ChartSeries {
  label: string;
  points: Point[];
  /** Lines of one stack are drawn as stacked filled areas. */
  stack?: string;
  dashed?: boolean;
  /** Index into the palette, so a name keeps its colour as lines come and go. */
  colorIndex: number;
}

function line(samples: readonly HostSample[], label: string, colorIndex: number, pick: (s: HostSample) => number | undefined, extra: Partial<ChartSeries> = {}): ChartSeries {
  const points: Point[] = [];
  let previousTsMs: number | undefined;
  for (const s of samples) {
    // A hole of several intervals (agent or hub away) breaks the line instead of bridging it.
    if (previousTsMs !== undefined && s.tsMs - previousTsMs > GAP_AFTER_INTERVALS * s.intervalMs) points.push({ x: previousTsMs + s.intervalMs, y: Number.NaN });
    previousTsMs = s.tsMs;
    const y = pick(s);
    if (y !== undefined) points.push({ x: s.tsMs, y });
  }
  return { label, points: downsample(points, MAX_POINTS_PER_LINE), colorIndex, ...extra };
}

function namesOf(samples: readonly HostSample[], pick: (s: HostSample) => readonly { name: string }[]): string[] {
  const latest = samples[samples.length - 1];
  return latest ? pick(latest).map((x) => x.name) : [];
}

/** Busy % of the whole CPU and of each core (100 minus idle). */
export function cpuSeries(samples: readonly HostSample[]): ChartSeries[] {
  const cores = samples[samples.length - 1]?.cpu.cores.length ?? 0;
  const out = [line(samples, 'all cores', 0, (s) => 100 - s.cpu.total.idlePct)];
  for (let i = 0; i < cores; i += 1) {
    out.push(line(samples, `core ${i}`, i + 1, (s) => {
      const core = s.cpu.cores[i];
      return core === undefined ? undefined : 100 - core.idlePct;
    }, { dashed: true }));
  }
  return out;
}

/** Load average over 1, 5 and 15 minutes. */
export function loadSeries(samples: readonly HostSample[]): ChartSeries[] {
  return [
    line(samples, '1 min', 0, (s) => s.load.one),
    line(samples, '5 min', 1, (s) => s.load.five),
    line(samples, '15 min', 2, (s) => s.load.fifteen),
  ];
}

/** Memory used and cache/buffers stacked, swap used on its own. */
export function memorySeries(samples: readonly HostSample[]): ChartSeries[] {
  return [
    line(samples, 'used', 0, (s) => s.mem.usedBytes, { stack: 'mem' }),
    line(samples, 'cache + buffers', 2, (s) => s.mem.cachedBytes + s.mem.buffersBytes, { stack: 'mem' }),
    line(samples, 'swap used', 1, (s) => s.swap.usedBytes, { stack: 'swap', dashed: true }),
  ];
}

/** Received and sent bytes/s per interface; sent dashed. */
export function networkSeries(samples: readonly HostSample[]): ChartSeries[] {
  return namesOf(samples, (s) => s.net).flatMap((name, i) => [
    line(samples, `${name} rx`, i, (s) => s.net.find((n) => n.name === name)?.rxBytesPerSec),
    line(samples, `${name} tx`, i, (s) => s.net.find((n) => n.name === name)?.txBytesPerSec, { dashed: true }),
  ]);
}

/** Read and write bytes/s per block device; writes dashed. */
export function diskSeries(samples: readonly HostSample[]): ChartSeries[] {
  return namesOf(samples, (s) => s.disk).flatMap((name, i) => [
    line(samples, `${name} read`, i, (s) => s.disk.find((d) => d.name === name)?.readBytesPerSec),
    line(samples, `${name} write`, i, (s) => s.disk.find((d) => d.name === name)?.writeBytesPerSec, { dashed: true }),
  ]);
}

/** Each sensor's temperature, from the samples that carry one (every 10 s). */
export function temperatureSeries(samples: readonly HostSample[]): ChartSeries[] {
  const labels = new Set<string>();
  for (const s of samples) for (const t of s.temps ?? []) labels.add(t.label);
  return [...labels].map((label, i) => line(samples, label, i, (s) => s.temps?.find((t) => t.label === label)?.celsius));
}
