import { columnKey, parseColumnKey, visitSampleColumns, type ColumnKey } from './columns.js';
import type { Sample } from './sample.js';

/**
 * What a host page draws, one line each: CPU busy of all cores and of each core,
 * load averages, memory, swap, network and disk rates per interface and device,
 * temperatures per sensor. The hub stores, rolls up and downsamples these lines;
 * the dashboard draws them. A busy % is 100 minus idle.
 */
export const CHART_METRICS = [
  'cpu',
  'core',
  'load1',
  'load5',
  'load15',
  'memUsed',
  'memCache',
  'swapUsed',
  'netRx',
  'netTx',
  'diskRead',
  'diskWrite',
  'temp',
] as const;

/** One kind of chart line. */
export type ChartMetric = (typeof CHART_METRICS)[number];

/**
 * Id of one chart line: its metric, then for per-core, per-interface, per-device
 * and per-sensor lines a colon and the name (`core:3`, `netRx:eth0`). Metrics hold
 * no colon, so everything after the first one is the name.
 */
export type LineId = string;

/** A line id split into metric and name (empty for host-wide lines). */
export function parseLineId(id: LineId): { metric: ChartMetric; name: string } {
  const colon = id.indexOf(':');
  if (colon < 0) return { metric: id as ChartMetric, name: '' };
  return { metric: id.slice(0, colon) as ChartMetric, name: id.slice(colon + 1) };
}

/** Decimal places a line's values are rounded to: bytes are whole, percentages and loads to 0.01. */
export function lineDecimals(metric: ChartMetric): number {
  switch (metric) {
    case 'cpu':
    case 'core':
    case 'load1':
    case 'load5':
    case 'load15':
      return 2;
    case 'temp':
      return 1;
    case 'memUsed':
    case 'memCache':
    case 'swapUsed':
    case 'netRx':
    case 'netTx':
    case 'diskRead':
    case 'diskWrite':
      return 0;
    default: {
      const unreachable: never = metric;
      return unreachable;
    }
  }
}

/** Rounds a value as its line is stored and sent. */
export function roundForLine(metric: ChartMetric, value: number): number {
  const scale = 10 ** lineDecimals(metric);
  return Math.round(value * scale) / scale;
}

/** How a line is computed from sample columns: a sum of terms, each a column times a sign, plus an offset. */
interface LineRecipe {
  id: LineId;
  metric: ChartMetric;
  terms: [ColumnKey, 1 | -1][];
  offset: number;
}

const SIMPLE_LINES: Record<string, ChartMetric> = {
  'load/one': 'load1',
  'load/five': 'load5',
  'load/fifteen': 'load15',
  'mem/usedBytes': 'memUsed',
  'swap/usedBytes': 'swapUsed',
};

const NAMED_LINES: Record<string, ChartMetric> = {
  'net/rxBytesPerSec': 'netRx',
  'net/txBytesPerSec': 'netTx',
  'disk/readBytesPerSec': 'diskRead',
  'disk/writeBytesPerSec': 'diskWrite',
  'temp/celsius': 'temp',
};

/** Ranks lines in the order a page lists them: by metric, then cores by number, others as first seen. */
function lineRank(recipe: LineRecipe): [number, number] {
  const metricRank = CHART_METRICS.indexOf(recipe.metric);
  return [metricRank, recipe.metric === 'core' ? Number(parseLineId(recipe.id).name) : 0];
}

/** The lines that these sample columns give, with how to compute each, in display order. */
function lineRecipes(keys: Iterable<ColumnKey>): LineRecipe[] {
  const recipes: LineRecipe[] = [];
  let hasCache = false;
  for (const key of keys) {
    const { group, field, name } = parseColumnKey(key);
    const simple = SIMPLE_LINES[`${group}/${field}`];
    const named = NAMED_LINES[`${group}/${field}`];
    if (key === 'cpu/idlePct') recipes.push({ id: 'cpu', metric: 'cpu', terms: [[key, -1]], offset: 100 });
    else if (group === 'core' && field === 'idlePct' && name !== undefined) recipes.push({ id: `core:${name}`, metric: 'core', terms: [[key, -1]], offset: 100 });
    else if (simple && name === undefined) recipes.push({ id: simple, metric: simple, terms: [[key, 1]], offset: 0 });
    else if (named && name !== undefined) recipes.push({ id: `${named}:${name}`, metric: named, terms: [[key, 1]], offset: 0 });
    else if (key === 'mem/cachedBytes' && !hasCache) {
      hasCache = true;
      recipes.push({ id: 'memCache', metric: 'memCache', terms: [['mem/cachedBytes', 1], ['mem/buffersBytes', 1]], offset: 0 });
    }
  }
  return recipes
    .map((recipe, index) => ({ recipe, index, rank: lineRank(recipe) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.index - b.index)
    .map((x) => x.recipe);
}

/**
 * The chart lines of `n` samples held column by column: `column(key)` gives a
 * column (NaN where a sample lacks that figure), `keys` names the columns there
 * are. A line is NaN where any column it needs is. Values are rounded as the line
 * is sent. The hub runs this on stored chunks, the dashboard on each live sample.
 */
export function chartLines(keys: Iterable<ColumnKey>, column: (key: ColumnKey) => ArrayLike<number> | undefined, n: number): Map<LineId, Float64Array> {
  const lines = new Map<LineId, Float64Array>();
  for (const recipe of lineRecipes(keys)) {
    const out = new Float64Array(n).fill(recipe.offset);
    for (const [key, sign] of recipe.terms) {
      const values = column(key);
      if (!values) {
        out.fill(Number.NaN);
        break;
      }
      for (let i = 0; i < n; i++) out[i] = out[i]! + sign * values[i]!;
    }
    const busy = recipe.metric === 'cpu' || recipe.metric === 'core';
    for (let i = 0; i < n; i++) {
      const v = out[i]!;
      if (Number.isNaN(v)) continue;
      out[i] = roundForLine(recipe.metric, busy ? Math.min(100, Math.max(0, v)) : v);
    }
    lines.set(recipe.id, out);
  }
  return lines;
}

/** The chart line values of one sample, in display order. */
export function sampleChartValues(sample: Sample): Map<LineId, number> {
  const columns = new Map<ColumnKey, number[]>();
  visitSampleColumns(sample, (field, name, value) => columns.set(columnKey(field, name), [value]));
  const values = new Map<LineId, number>();
  for (const [id, line] of chartLines(columns.keys(), (key) => columns.get(key), 1)) {
    if (!Number.isNaN(line[0]!)) values.set(id, line[0]!);
  }
  return values;
}
