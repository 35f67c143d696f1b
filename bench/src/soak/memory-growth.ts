/** One reading of a memory figure (RSS, heap). */
export interface MemoryPoint {
  /** Milliseconds since the soak started. */
  atMs: number;
  bytes: number;
}

/** How a memory figure moved after the warm-up. */
export interface MemoryGrowth {
  /** Median of the first three readings at or after the warm-up. */
  baselineBytes: number | null;
  /** Median of the last three readings. */
  finalBytes: number | null;
  /** (final - baseline) / baseline, in percent; null without readings after the warm-up. */
  growthPct: number | null;
  peakBytes: number | null;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Growth of RSS (or heap) after the warm-up, from readings taken every few seconds. Medians of
 * three at each end, so one reading caught mid-GC does not decide the figure.
 */
export function memoryGrowth(points: readonly MemoryPoint[], warmupMs: number): MemoryGrowth {
  const peakBytes = points.length > 0 ? Math.max(...points.map((p) => p.bytes)) : null;
  const after = points.filter((p) => p.atMs >= warmupMs).sort((a, b) => a.atMs - b.atMs);
  if (after.length === 0) return { baselineBytes: null, finalBytes: null, growthPct: null, peakBytes };
  const baselineBytes = median(after.slice(0, 3).map((p) => p.bytes));
  const finalBytes = median(after.slice(-3).map((p) => p.bytes));
  const growthPct = baselineBytes > 0 ? ((finalBytes - baselineBytes) / baselineBytes) * 100 : null;
  return { baselineBytes, finalBytes, growthPct, peakBytes };
}

/** The warm-up of a soak: the first 2 minutes, or 20% of a run shorter than 10 minutes. */
export function soakWarmupMs(runMs: number): number {
  return Math.min(120_000, Math.round(runMs * 0.2));
}
