import { chartLines, parseLineId, roundForLine } from '@hostpulse/protocol';
import type { LineId, SeriesLine } from '@hostpulse/protocol';
import type { ColumnBlock } from './chunk-codec.js';
import type { RowBlock } from './row-block.js';

/** Running figures of one line in one bucket. */
interface Acc {
  min: number[];
  max: number[];
  sum: number[];
  n: number[];
}

const TIME = '@t';

/**
 * Buckets held compactly and exactly (sums, not rounded averages): what a chunk in
 * memory keeps of its rows, so a window of whole buckets folds these instead of
 * decoding the rows.
 */
export interface BucketSummary {
  bucketMs: number;
  times: number[];
  ids: readonly LineId[];
  /** Per line in `ids` order, then per bucket: min, max, sum and count. */
  figures: Float64Array;
}

/** Suffixes of a line's columns in a roll-up block. */
const PARTS = ['min', 'avg', 'max', 'n'] as const;

/**
 * Chart lines folded into time buckets of `bucketMs`: per bucket and line the
 * minimum, maximum, sum and count, so buckets merge exactly (averages weighted by
 * count). Raw rows and stored roll-ups both fold in; roll-ups are stored as blocks
 * of these buckets, and series answers are read from them.
 */
export class Buckets {
  readonly bucketMs: number;
  /** Bucket start times, ascending. */
  readonly times: number[] = [];
  readonly #lines = new Map<LineId, Acc>();
  #lastIndex = -1;

  constructor(bucketMs: number) {
    this.bucketMs = bucketMs;
  }

  /** Line ids seen, in first-seen order. */
  get lineIds(): LineId[] {
    return [...this.#lines.keys()];
  }

  /** Folds in the rows of a raw block whose time is within [fromMs, toMs). */
  addRows(rows: RowBlock, fromMs = -Infinity, toMs = Infinity): void {
    const lines = chartLines(rows.figureKeys(), (key) => rows.column(key), rows.n);
    for (let i = 0; i < rows.n; i++) {
      const ts = rows.tsMs(i);
      if (ts < fromMs || ts >= toMs) continue;
      const b = this.#index(ts);
      for (const [id, values] of lines) {
        const v = values[i]!;
        if (!Number.isNaN(v)) this.#fold(id, b, v, v, v, 1);
      }
    }
  }

  /** Folds in a roll-up block (as `toBlock` makes) whose buckets start within [fromMs, toMs). */
  addBlock(block: ColumnBlock, fromMs = -Infinity, toMs = Infinity): void {
    const cols = new Map(block.columns);
    const times = cols.get(TIME);
    if (!times) throw new RangeError('roll-up block lacks its times');
    for (const id of lineIdsOf(block)) {
      const [min, avg, max, n] = PARTS.map((part) => cols.get(`${id}|${part}`)!);
      for (let i = 0; i < block.n; i++) {
        const t = times[i]!;
        if (t < fromMs || t >= toMs || !(n![i]! > 0)) continue;
        this.#fold(id, this.#index(t), min![i]!, max![i]!, avg![i]! * n![i]!, n![i]!);
      }
    }
  }

  /** Folds in every bucket of another set. */
  addBuckets(other: Buckets): void {
    other.times.forEach((t, i) => {
      const b = this.#index(t);
      for (const [id, acc] of other.#lines) {
        if (acc.n[i]! > 0) this.#fold(id, b, acc.min[i]!, acc.max[i]!, acc.sum[i]!, acc.n[i]!);
      }
    });
  }

  /** Folds in a summary whose buckets nest in these (this bucketMs a whole multiple of its). */
  addSummary(summary: BucketSummary): void {
    const { times, ids, figures } = summary;
    let at = 0;
    for (const id of ids) {
      for (let i = 0; i < times.length; i++, at += 4) {
        const n = figures[at + 3]!;
        if (n > 0) this.#fold(id, this.#index(times[i]!), figures[at]!, figures[at + 1]!, figures[at + 2]!, n);
      }
    }
  }

  /**
   * The buckets as a summary (see BucketSummary); its ids are `sameIds` when that
   * names the same lines in the same order, so the chunks of a host share one list.
   */
  summary(sameIds: readonly LineId[] = []): BucketSummary {
    const size = this.times.length;
    const figures = new Float64Array(this.#lines.size * size * 4);
    let at = 0;
    for (const acc of this.#lines.values()) {
      for (let i = 0; i < size; i++, at += 4) {
        figures[at] = acc.min[i]!;
        figures[at + 1] = acc.max[i]!;
        figures[at + 2] = acc.sum[i]!;
        figures[at + 3] = acc.n[i]!;
      }
    }
    const ids = this.lineIds;
    const same = ids.length === sameIds.length && ids.every((id, i) => id === sameIds[i]);
    return { bucketMs: this.bucketMs, times: this.times.slice(), ids: same ? sameIds : ids, figures };
  }

  /** The buckets as a roll-up block: times, then min/avg/max/count per line (avg rounded as the line is). */
  toBlock(): ColumnBlock {
    const columns: [string, Float64Array][] = [[TIME, Float64Array.from(this.times)]];
    for (const [id, acc] of this.#lines) {
      const { metric } = parseLineId(id);
      const avg = acc.sum.map((sum, i) => (acc.n[i]! > 0 ? roundForLine(metric, sum / acc.n[i]!) : Number.NaN));
      const nan = (values: number[]) => values.map((v, i) => (acc.n[i]! > 0 ? v : Number.NaN));
      columns.push([`${id}|min`, Float64Array.from(nan(acc.min))], [`${id}|avg`, Float64Array.from(avg)], [`${id}|max`, Float64Array.from(nan(acc.max))], [`${id}|n`, Float64Array.from(acc.n)]);
    }
    return { n: this.times.length, meta: JSON.stringify({ bucketMs: this.bucketMs }), columns };
  }

  /** The buckets within [fromMs, toMs) with data, as the lines of a series answer. */
  toSeries(fromMs: number, toMs: number): { t: number[]; lines: SeriesLine[] } {
    const accs = [...this.#lines.values()];
    const keep: number[] = [];
    this.times.forEach((t, i) => {
      if (t + this.bucketMs > fromMs && t < toMs && accs.some((acc) => acc.n[i]! > 0)) keep.push(i);
    });
    const single = accs.every((acc) => keep.every((i) => acc.n[i]! <= 1));
    const lines: SeriesLine[] = [];
    for (const [id, acc] of this.#lines) {
      if (!keep.some((i) => acc.n[i]! > 0)) continue;
      const { metric } = parseLineId(id);
      const pick = (f: (i: number) => number) => keep.map((i) => (acc.n[i]! > 0 ? roundForLine(metric, f(i)) : null));
      const line: SeriesLine = { id, avg: pick((i) => acc.sum[i]! / acc.n[i]!) };
      if (!single) {
        line.min = pick((i) => acc.min[i]!);
        line.max = pick((i) => acc.max[i]!);
      }
      lines.push(line);
    }
    return { t: keep.map((i) => this.times[i]!), lines };
  }

  /** The same data in buckets `factor` times wider. */
  coarsen(factor: number): Buckets {
    const wider = new Buckets(this.bucketMs * factor);
    wider.addBuckets(this);
    return wider;
  }

  /** Index of the bucket holding time `ms`, inserting it in order when new. */
  #index(ms: number): number {
    const t = Math.floor(ms / this.bucketMs) * this.bucketMs;
    const times = this.times;
    const last = this.#lastIndex;
    if (last >= 0 && times[last] === t) return last;
    let i: number;
    if (times.length === 0 || t > times[times.length - 1]!) {
      i = times.length;
    } else {
      let lo = 0;
      let hi = times.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (times[mid]! < t) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
      if (times[i] === t) return (this.#lastIndex = i);
    }
    times.splice(i, 0, t);
    for (const acc of this.#lines.values()) {
      acc.min.splice(i, 0, Infinity);
      acc.max.splice(i, 0, -Infinity);
      acc.sum.splice(i, 0, 0);
      acc.n.splice(i, 0, 0);
    }
    return (this.#lastIndex = i);
  }

  #fold(id: LineId, b: number, min: number, max: number, sum: number, n: number): void {
    let acc = this.#lines.get(id);
    if (!acc) {
      const size = this.times.length;
      acc = { min: new Array<number>(size).fill(Infinity), max: new Array<number>(size).fill(-Infinity), sum: new Array<number>(size).fill(0), n: new Array<number>(size).fill(0) };
      this.#lines.set(id, acc);
    }
    if (min < acc.min[b]!) acc.min[b] = min;
    if (max > acc.max[b]!) acc.max[b] = max;
    acc.sum[b] = acc.sum[b]! + sum;
    acc.n[b] = acc.n[b]! + n;
  }
}

/** Line ids of a roll-up block, from its `<id>|n` columns. */
/** A stored block as a roll-up block: it must hold the times and every part of each line (`addBlock` reads them); throws otherwise. */
export function asRollupBlock(block: ColumnBlock): ColumnBlock {
  const keys = new Set(block.columns.map(([key]) => key));
  const missing = [TIME, ...lineIdsOf(block).flatMap((id) => PARTS.map((part) => `${id}|${part}`))].find((key) => !keys.has(key));
  if (missing !== undefined) throw new RangeError(`roll-up block lacks ${missing}`);
  return block;
}

function lineIdsOf(block: ColumnBlock): LineId[] {
  return block.columns.filter(([key]) => key.endsWith('|n')).map(([key]) => key.slice(0, -2));
}
