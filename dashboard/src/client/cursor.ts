import type { HostSample, SeriesResponse } from '@hostpulse/protocol';

/** Where a host's stream stands: the last sample held, so a transport can ask for only what follows. */
export interface Cursor {
  runId: string;
  lastSeq: number;
  /** When the hub received that sample (for a window answer: the end of its range), to order another run's samples. */
  lastHubRxMs: number;
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

/** The cursor after a window answer: its newest sample, or none when the window held no sample. */
export function cursorOfSeries(series: SeriesResponse): Cursor | undefined {
  return series.runId === null ? undefined : { runId: series.runId, lastSeq: series.lastSeq, lastHubRxMs: series.toMs };
}

/**
 * True when samples are missing between the cursor and the next sample after it:
 * seqs of a run count up from 1 without holes, so a jump means the hub sent only the
 * newest of what followed (a long outage, a slow socket skipped by the hub).
 */
export function isGapAfter(cursor: Cursor, next: HostSample): boolean {
  return next.runId === cursor.runId ? next.seq > cursor.lastSeq + 1 : next.seq > 1;
}
