/**
 * Latency histogram in whole milliseconds. Hub receive times are whole milliseconds,
 * so finer bins would only add noise; a sparse record keeps 800k overview values
 * small enough to send from a child process over IPC.
 */
export type Histogram = Record<string, number>;

/** An empty histogram. */
export function createHistogram(): Histogram {
  return {};
}

/** Adds one value (rounded to a whole millisecond, negatives clamped to 0). */
export function recordValue(hist: Histogram, valueMs: number): void {
  const key = String(Math.max(0, Math.round(valueMs)));
  hist[key] = (hist[key] ?? 0) + 1;
}

/** Adds every count of `from` into `into`. */
export function mergeHistogram(into: Histogram, from: Histogram): Histogram {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
  return into;
}

/** The counts `later` holds beyond `earlier`, an earlier copy of the same growing histogram. */
export function subtractHistogram(later: Histogram, earlier: Histogram): Histogram {
  const out: Histogram = {};
  for (const [key, count] of Object.entries(later)) {
    const added = count - (earlier[key] ?? 0);
    if (added > 0) out[key] = added;
  }
  return out;
}

/** Number of values recorded. */
export function countOf(hist: Histogram): number {
  let total = 0;
  for (const count of Object.values(hist)) total += count;
  return total;
}

/**
 * The value at percentile `p` (0-100) by the nearest-rank method, or null when the
 * histogram is empty.
 */
export function percentile(hist: Histogram, p: number): number | null {
  const total = countOf(hist);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  const keys = Object.keys(hist).map(Number).sort((a, b) => a - b);
  let seen = 0;
  for (const key of keys) {
    seen += hist[String(key)]!;
    if (seen >= rank) return key;
  }
  return keys[keys.length - 1]!;
}

/** The value at percentile `p` (0-100) of a list by the nearest-rank method, or null when it is empty. */
export function percentileOf(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}
