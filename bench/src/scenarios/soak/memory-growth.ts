/** One reading of a memory figure (RSS, heap). */
export interface MemoryPoint {
  /** Milliseconds since the soak started. */
  atMs: number;
  bytes: number;
}

/** How a memory figure moved after the warm-up. */
export interface MemoryGrowth {
  /** Median of the first quarter of the readings after the warm-up (at least three). */
  baselineBytes: number | null;
  /** Median of the last quarter (at least three). */
  finalBytes: number | null;
  /** (final - baseline) / baseline, in percent; null without readings after the warm-up. */
  growthPct: number | null;
  /** Lowest reading of the first and of the last quarter: what is left after a GC, where a leak shows. */
  baselineLowBytes: number | null;
  finalLowBytes: number | null;
  peakBytes: number | null;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Growth of RSS (or heap) after the warm-up, from readings taken every few seconds.
 * Medians of the first and last quarters, since a garbage-collected process saws
 * up and down by tens of percent and one reading at either end would decide alone.
 */
export function memoryGrowth(points: readonly MemoryPoint[], warmupMs: number): MemoryGrowth {
  const peakBytes = points.length > 0 ? Math.max(...points.map((p) => p.bytes)) : null;
  const after = points.filter((p) => p.atMs >= warmupMs).sort((a, b) => a.atMs - b.atMs);
  if (after.length === 0) return { baselineBytes: null, finalBytes: null, growthPct: null, baselineLowBytes: null, finalLowBytes: null, peakBytes };
  const n = Math.max(3, Math.floor(after.length / 4));
  const first = after.slice(0, n).map((p) => p.bytes);
  const last = after.slice(-n).map((p) => p.bytes);
  const baselineBytes = median(first);
  const finalBytes = median(last);
  const growthPct = baselineBytes > 0 ? ((finalBytes - baselineBytes) / baselineBytes) * 100 : null;
  return { baselineBytes, finalBytes, growthPct, baselineLowBytes: Math.min(...first), finalLowBytes: Math.min(...last), peakBytes };
}

/** The warm-up of a soak: the first 2 minutes, or 20% of a run shorter than 10 minutes. */
export function soakWarmupMs(runMs: number): number {
  return Math.min(120_000, Math.round(runMs * 0.2));
}
