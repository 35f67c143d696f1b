import { describe, expect, it } from 'vitest';
import type { PollExchange } from '@hostpulse/protocol';
import { INSPECT_EXCHANGES, INSPECT_MAX_CLIENTS, INSPECT_WATCH_MS, PollInspector } from './poll-inspector.js';

const exchange = (tsMs: number): PollExchange => ({
  tsMs,
  request: { line: 'GET /api/overview HTTP/1.1', headers: [], bytes: 28 },
  response: { line: 'HTTP/1.1 304 Not Modified', headers: [], bytes: 29 },
  bodyBytes: 0,
});

describe('poll inspector', () => {
  it('records a client only while it keeps asking for its record', () => {
    const inspector = new PollInspector();
    inspector.record('tab', exchange(1));
    expect(inspector.watch('tab', 0)).toEqual([]);
    expect(inspector.isWatched('tab', INSPECT_WATCH_MS)).toBe(true);
    inspector.record('tab', exchange(2));
    inspector.record('other', exchange(3));
    expect(inspector.watch('tab', 1000).map((e) => e.tsMs)).toEqual([2]);
    expect(inspector.isWatched('tab', 1000 + INSPECT_WATCH_MS + 1)).toBe(false);
    expect(inspector.isWatched('other', 0)).toBe(false);
  });

  it(`keeps the last ${INSPECT_EXCHANGES} exchanges of a client, oldest first`, () => {
    const inspector = new PollInspector();
    inspector.watch('tab', 0);
    for (let i = 0; i < INSPECT_EXCHANGES + 5; i++) inspector.record('tab', exchange(i));
    const kept = inspector.watch('tab', 1);
    expect(kept).toHaveLength(INSPECT_EXCHANGES);
    expect(kept[0]!.tsMs).toBe(5);
  });

  it(`watches at most ${INSPECT_MAX_CLIENTS} clients, dropping the one asked longest ago`, () => {
    const inspector = new PollInspector();
    for (let i = 0; i <= INSPECT_MAX_CLIENTS; i++) inspector.watch(`tab-${i}`, i);
    expect(inspector.isWatched('tab-0', 100)).toBe(false);
    expect(inspector.isWatched('tab-1', 100)).toBe(true);
    expect(inspector.isWatched(`tab-${INSPECT_MAX_CLIENTS}`, 100)).toBe(true);
  });
});
