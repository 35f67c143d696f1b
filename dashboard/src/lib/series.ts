import type { HostSample } from '@hostpulse/protocol';

/** Where a host's stream stands: the last sample seen, so a transport can ask for only what follows. */
export interface Cursor {
  runId: string;
  lastSeq: number;
  lastHubRxMs: number;
}

/** Identity of a sample across transports: the same (runId, seq) is the same sample. */
function sampleKey(sample: Pick<HostSample, 'runId' | 'seq'>): string {
  return `${sample.runId}:${sample.seq}`;
}

/**
 * True when a sample comes after the cursor: a later seq of the same run, or any
 * sample of another run received after the cursor's (an agent restarted).
 */
export function isAfterCursor(cursor: Cursor | undefined, sample: HostSample): boolean {
  if (cursor === undefined) return true;
  if (sample.runId === cursor.runId) return sample.seq > cursor.lastSeq;
  return sample.hubRxMs > cursor.lastHubRxMs;
}

/** The cursor after a sample that `isAfterCursor` accepted. */
export function advanceCursor(sample: HostSample): Cursor {
  return { runId: sample.runId, lastSeq: sample.seq, lastHubRxMs: sample.hubRxMs };
}

function byTime(a: HostSample, b: HostSample): number {
  return a.tsMs - b.tsMs || a.seq - b.seq;
}

/**
 * Merges incoming samples into a series (oldest first), dropping duplicates by
 * (runId, seq), and keeps only those within `keepMs` of the newest (by the agent's
 * sample time, so samples replayed after an agent reconnect land where they belong). Returns a new
 * array, so it can be assigned to `$state.raw`. The common case (everything new
 * and later) appends without sorting.
 */
export function mergeSamples(existing: readonly HostSample[], incoming: readonly HostSample[], keepMs: number): HostSample[] {
  let merged: HostSample[];
  const last = existing[existing.length - 1];
  const appendOnly = incoming.every((s, i) => {
    const prev = i === 0 ? last : incoming[i - 1];
    return prev === undefined || (byTime(prev, s) < 0 && sampleKey(prev) !== sampleKey(s));
  });
  if (appendOnly) {
    merged = existing.concat(incoming);
  } else {
    const seen = new Set<string>();
    merged = [];
    for (const s of [...existing, ...incoming].sort(byTime)) {
      const key = sampleKey(s);
      if (seen.has(key)) continue;
      seen.add(key);
      merged.push(s);
    }
  }
  return trimToWindow(merged, keepMs);
}

/** The samples within `windowMs` of the newest one; the array itself when nothing is cut. */
export function trimToWindow<T extends Pick<HostSample, 'tsMs'>>(series: T[], windowMs: number): T[] {
  const newest = series[series.length - 1];
  if (newest === undefined) return series;
  const fromMs = newest.tsMs - windowMs;
  let start = 0;
  while (start < series.length && series[start]!.tsMs < fromMs) start += 1;
  return start === 0 ? series : series.slice(start);
}

/** A point of a chart line. */
export interface Point {
  x: number;
  y: number;
}

/**
 * At most `maxPoints` points, averaging runs of neighbours, so an hour of one-second
 * samples draws as fast as a minute. Keeps the last point exact so the line ends on
 * the latest value.
 */
export function downsample(points: readonly Point[], maxPoints: number): Point[] {
  if (points.length <= maxPoints || maxPoints < 2) return points.slice();
  const bucket = Math.ceil(points.length / (maxPoints - 1));
  const out: Point[] = [];
  for (let i = 0; i < points.length - 1; i += bucket) {
    const end = Math.min(i + bucket, points.length - 1);
    let sumX = 0;
    let sumY = 0;
    for (let j = i; j < end; j += 1) {
      sumX += points[j]!.x;
      sumY += points[j]!.y;
    }
    out.push({ x: sumX / (end - i), y: sumY / (end - i) });
  }
  out.push(points[points.length - 1]!);
  return out;
}

/** Samples needed to fill a window at an agent's interval, capped to what the hub serves. */
export function samplesForWindow(windowMs: number, intervalMs: number, maxLimit: number): number {
  return Math.min(maxLimit, Math.ceil(windowMs / Math.max(1, intervalMs)) + 5);
}
