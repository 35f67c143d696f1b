import { sampleChartValues, type HostSample, type LineId, type SeriesResponse } from '@hostpulse/protocol';

// A host page draws buckets, not samples: the hub answers a window as min/avg/max per
// bucket, and each live sample is folded into the bucket its time falls in, so a 30-day
// window keeps streaming at the cost of a 5-minute one.

/** One chart line over a series' buckets; null where the line has no value in a bucket. */
export interface BucketLine {
  id: LineId;
  avg: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
  /**
   * Samples behind each bucket's mean, so a live sample weighs as much as each of
   * them. For the hub's buckets it is estimated from the bucket width and the agent's
   * interval (the answer carries no count); it matters only for the bucket the live
   * edge continues.
   */
  count: number[];
}

/** A host's chart lines over [fromMs, toMs] in buckets `bucketMs` wide, starting at `t` (ascending). */
export interface WindowSeries {
  fromMs: number;
  toMs: number;
  bucketMs: number;
  tier: SeriesResponse['tier'];
  t: number[];
  lines: BucketLine[];
}

/** The hub's answer as a series the live edge can be folded into; `intervalMs` is the agent's sample interval. */
export function seriesFromResponse(res: SeriesResponse, intervalMs: number): WindowSeries {
  const width = (i: number): number => Math.min(res.t[i]! + res.bucketMs, res.toMs) - Math.max(res.t[i]!, res.fromMs);
  const estimated = res.t.map((_, i) => Math.max(1, Math.round(width(i) / Math.max(1, intervalMs))));
  return {
    fromMs: res.fromMs,
    toMs: res.toMs,
    bucketMs: res.bucketMs,
    tier: res.tier,
    t: res.t.slice(),
    lines: res.lines.map((line) => ({
      id: line.id,
      avg: line.avg.slice(),
      min: (line.min ?? line.avg).slice(),
      max: (line.max ?? line.avg).slice(),
      count: line.avg.map((v, i) => (v === null ? 0 : estimated[i]!)),
    })),
  };
}

/** Start of the bucket holding `tsMs`, on the grid the series' buckets sit on. */
export function bucketStart(series: Pick<WindowSeries, 'bucketMs' | 't' | 'fromMs'>, tsMs: number): number {
  const origin = series.t[0] ?? series.fromMs;
  return origin + Math.floor((tsMs - origin) / series.bucketMs) * series.bucketMs;
}

/** Index of the first bucket starting at or after `start` (t.length when none does). */
function indexAtOrAfter(t: readonly number[], start: number): number {
  let i = t.length;
  // Live samples land in the last bucket or a new one, so search from the end.
  while (i > 0 && t[i - 1]! >= start) i -= 1;
  return i;
}

/** A copy whose arrays can be changed without touching the original. */
function copySeries(series: WindowSeries): WindowSeries {
  return {
    ...series,
    t: series.t.slice(),
    lines: series.lines.map((l) => ({ id: l.id, avg: l.avg.slice(), min: l.min.slice(), max: l.max.slice(), count: l.count.slice() })),
  };
}

function foldValue(line: BucketLine, i: number, value: number): void {
  const n = line.count[i]!;
  const avg = line.avg[i];
  if (n === 0 || avg === null || avg === undefined) {
    line.avg[i] = value;
    line.min[i] = value;
    line.max[i] = value;
    line.count[i] = 1;
    return;
  }
  line.avg[i] = (avg * n + value) / (n + 1);
  line.min[i] = Math.min(line.min[i] ?? value, value);
  line.max[i] = Math.max(line.max[i] ?? value, value);
  line.count[i] = n + 1;
}

/** Folds one sample's line values at `tsMs` into `series` (a copy being built), adding a bucket or a line as needed. */
function foldInto(series: WindowSeries, tsMs: number, values: ReadonlyMap<LineId, number>): void {
  if (tsMs < series.fromMs) return;
  const start = bucketStart(series, tsMs);
  const i = indexAtOrAfter(series.t, start);
  if (series.t[i] !== start) {
    series.t.splice(i, 0, start);
    for (const line of series.lines) {
      line.avg.splice(i, 0, null);
      line.min.splice(i, 0, null);
      line.max.splice(i, 0, null);
      line.count.splice(i, 0, 0);
    }
  }
  for (const [id, value] of values) {
    let line = series.lines.find((l) => l.id === id);
    if (!line) {
      // A line this window did not have yet (an interface or sensor that appeared).
      const n = series.t.length;
      line = { id, avg: new Array<null>(n).fill(null), min: new Array<null>(n).fill(null), max: new Array<null>(n).fill(null), count: new Array<number>(n).fill(0) };
      series.lines.push(line);
    }
    foldValue(line, i, value);
  }
  series.toMs = Math.max(series.toMs, tsMs);
}

/** Drops the buckets that end before the window's left edge, `windowMs` before `toMs`. */
function slide(series: WindowSeries, windowMs: number): void {
  series.fromMs = Math.max(series.fromMs, series.toMs - windowMs);
  let drop = 0;
  while (drop < series.t.length && series.t[drop]! + series.bucketMs <= series.fromMs) drop += 1;
  if (drop === 0) return;
  series.t.splice(0, drop);
  for (const line of series.lines) {
    line.avg.splice(0, drop);
    line.min.splice(0, drop);
    line.max.splice(0, drop);
    line.count.splice(0, drop);
  }
}

/**
 * The series with live samples folded in (each into the bucket of its sample time,
 * min/avg/max kept) and the window slid so it ends at the newest sample and spans
 * `windowMs`. Returns a new series, so it can be assigned to `$state.raw`.
 */
export function foldSamples(series: WindowSeries, samples: readonly HostSample[], windowMs: number): WindowSeries {
  if (samples.length === 0) return series;
  const next = copySeries(series);
  for (const sample of samples) foldInto(next, sample.tsMs, sampleChartValues(sample));
  slide(next, windowMs);
  return next;
}
