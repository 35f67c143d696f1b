import { describe, expect, it } from 'vitest';
import type { HostSample, SeriesResponse } from '@hostpulse/protocol';
import { advanceCursor, cursorOfSeries, isAfterCursor, isGapAfter } from './cursor.js';

function sample(seq: number, runId = 'r1', hubRxMs = seq * 1000 + 20): HostSample {
  return { seq, runId, tsMs: seq * 1000, hubRxMs } as HostSample;
}

describe('cursor', () => {
  it('accepts later seqs of its run, and another run received after it', () => {
    const cursor = advanceCursor(sample(5));
    expect(isAfterCursor(cursor, sample(6))).toBe(true);
    expect(isAfterCursor(cursor, sample(5))).toBe(false);
    expect(isAfterCursor(cursor, sample(1, 'r2', 9000))).toBe(true);
    expect(isAfterCursor(cursor, sample(1, 'r2', 4000))).toBe(false);
    expect(isAfterCursor(undefined, sample(1))).toBe(true);
  });

  it('starts after the newest sample a window answer folded in', () => {
    const series = { runId: 'r1', lastSeq: 42, toMs: 50_000 } as SeriesResponse;
    expect(cursorOfSeries(series)).toEqual({ runId: 'r1', lastSeq: 42, lastHubRxMs: 50_000 });
    expect(cursorOfSeries({ ...series, runId: null })).toBeUndefined();
  });

  it('sees a gap when seqs jump, within a run or into a new one', () => {
    const cursor = advanceCursor(sample(5));
    expect(isGapAfter(cursor, sample(6))).toBe(false);
    expect(isGapAfter(cursor, sample(8))).toBe(true);
    expect(isGapAfter(cursor, sample(1, 'r2'))).toBe(false);
    expect(isGapAfter(cursor, sample(40, 'r2'))).toBe(true);
  });
});
