import { parseLineId, type ChartMetric } from '@hostpulse/protocol';
import type { BucketLine, WindowSeries } from './window-series.js';

/** Buckets missing for longer than this many bucket widths (or sample intervals) show as a break in the line. */
const GAP_AFTER_BUCKETS = 2.5;

/** A point of a chart line. */
export interface Point {
  x: number;
  y: number;
}

/** One line of a chart, ready to draw: its points (a host's: the mean per bucket, and the band from min to max under it). */
export interface ChartSeries {
  label: string;
  points: Point[];
  band?: { min: Point[]; max: Point[] };
  /** Lines of one stack are drawn as stacked filled areas. */
  stack?: string;
  dashed?: boolean;
  /** Index into the palette, so a name keeps its colour as lines come and go. */
  colorIndex: number;
}

/** How one chart line looks. */
interface LineStyle {
  label: string;
  colorIndex: number;
  dashed?: boolean;
  stack?: string;
}

/**
 * Chart lines for the series' lines that `styleOf` styles (null skips a line), in the
 * series' order. Each bucket is drawn at its start; a run of missing buckets breaks
 * every line. A stacked line's band sits on the means of the lines stacked under it.
 */
function chartLines(series: WindowSeries, intervalMs: number, styleOf: (line: BucketLine) => LineStyle | null): ChartSeries[] {
  const gapMs = GAP_AFTER_BUCKETS * Math.max(series.bucketMs, intervalMs);
  const stackBase = new Map<string, number[]>();
  const out: ChartSeries[] = [];
  for (const line of series.lines) {
    const style = styleOf(line);
    if (!style) continue;
    const base = style.stack === undefined ? undefined : (stackBase.get(style.stack) ?? new Array<number>(series.t.length).fill(0));
    const points: Point[] = [];
    const min: Point[] = [];
    const max: Point[] = [];
    for (let i = 0; i < series.t.length; i += 1) {
      const x = series.t[i]!;
      if (i > 0 && x - series.t[i - 1]! > gapMs) {
        const hole = { x: series.t[i - 1]! + series.bucketMs, y: Number.NaN };
        points.push(hole);
        min.push(hole);
        max.push(hole);
      }
      const avg = line.avg[i];
      if (avg === null || avg === undefined) continue;
      const offset = base?.[i] ?? 0;
      points.push({ x, y: avg });
      min.push({ x, y: offset + (line.min[i] ?? avg) });
      max.push({ x, y: offset + (line.max[i] ?? avg) });
      if (base) base[i] = offset + avg;
    }
    if (style.stack !== undefined && base) stackBase.set(style.stack, base);
    out.push({ label: style.label, points, band: { min, max }, colorIndex: style.colorIndex, ...(style.dashed ? { dashed: true } : {}), ...(style.stack ? { stack: style.stack } : {}) });
  }
  return out;
}

/** The lines of one metric family, styled by their name. */
function byMetric(series: WindowSeries, intervalMs: number, styles: Partial<Record<ChartMetric, (name: string) => LineStyle>>): ChartSeries[] {
  return chartLines(series, intervalMs, (line) => {
    const { metric, name } = parseLineId(line.id);
    return styles[metric]?.(name) ?? null;
  });
}

/** Position of a name in the order the series first lists it, for a stable colour per interface or device. */
function nameIndex(series: WindowSeries, metric: ChartMetric): (name: string) => number {
  const names: string[] = [];
  for (const line of series.lines) {
    const parsed = parseLineId(line.id);
    if (parsed.metric === metric && !names.includes(parsed.name)) names.push(parsed.name);
  }
  return (name) => Math.max(0, names.indexOf(name));
}

/** Busy % of the whole CPU and of each core, dashed. */
export function cpuSeries(series: WindowSeries, intervalMs: number): ChartSeries[] {
  return byMetric(series, intervalMs, {
    cpu: () => ({ label: 'all cores', colorIndex: 0 }),
    core: (name) => ({ label: `core ${name}`, colorIndex: Number(name) + 1, dashed: true }),
  });
}

/** Load average over 1, 5 and 15 minutes. */
export function loadSeries(series: WindowSeries, intervalMs: number): ChartSeries[] {
  return byMetric(series, intervalMs, {
    load1: () => ({ label: '1 min', colorIndex: 0 }),
    load5: () => ({ label: '5 min', colorIndex: 1 }),
    load15: () => ({ label: '15 min', colorIndex: 2 }),
  });
}

/** Memory used and cache/buffers stacked, swap used on its own. */
export function memorySeries(series: WindowSeries, intervalMs: number): ChartSeries[] {
  return byMetric(series, intervalMs, {
    memUsed: () => ({ label: 'used', colorIndex: 0, stack: 'mem' }),
    memCache: () => ({ label: 'cache + buffers', colorIndex: 2, stack: 'mem' }),
    swapUsed: () => ({ label: 'swap used', colorIndex: 1, dashed: true }),
  });
}

/** Received and sent bytes/s per interface; sent dashed. */
export function networkSeries(series: WindowSeries, intervalMs: number): ChartSeries[] {
  const index = nameIndex(series, 'netRx');
  return byMetric(series, intervalMs, {
    netRx: (name) => ({ label: `${name} rx`, colorIndex: index(name) }),
    netTx: (name) => ({ label: `${name} tx`, colorIndex: index(name), dashed: true }),
  }).sort((a, b) => a.colorIndex - b.colorIndex);
}

/** Read and write bytes/s per block device; writes dashed. */
export function diskSeries(series: WindowSeries, intervalMs: number): ChartSeries[] {
  const index = nameIndex(series, 'diskRead');
  return byMetric(series, intervalMs, {
    diskRead: (name) => ({ label: `${name} read`, colorIndex: index(name) }),
    diskWrite: (name) => ({ label: `${name} write`, colorIndex: index(name), dashed: true }),
  }).sort((a, b) => a.colorIndex - b.colorIndex);
}

/** Each sensor's temperature. */
export function temperatureSeries(series: WindowSeries, intervalMs: number): ChartSeries[] {
  const index = nameIndex(series, 'temp');
  return byMetric(series, intervalMs, { temp: (name) => ({ label: name, colorIndex: index(name) }) });
}
