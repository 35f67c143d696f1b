import { describe, expect, it } from 'vitest';
import type { HostSummary } from '@hostpulse/protocol';
import { OverviewCoalescer } from './overview-coalescer.js';

function summary(hostId: string, lastSeq: number, withRecent: boolean): HostSummary {
  return {
    hostId,
    hostname: hostId,
    tags: {},
    online: true,
    lastSeenMs: 0,
    runId: 'r',
    lastSeq,
    metrics: null,
    ...(withRecent ? { cpuPctRecent: [1] } : {}),
  };
}

describe('OverviewCoalescer', () => {
  const lastSeq = new Map<string, number>();
  const coalescer = (options: { firstVersion?: number; onPending?: () => void } = {}) =>
    new OverviewCoalescer({
      summaryOf: (id, withRecent) => (lastSeq.has(id) ? summary(id, lastSeq.get(id)!, withRecent) : undefined),
      hostIds: () => lastSeq.keys(),
      ...options,
    });

  it('sends each changed host once per window with its latest state, and nothing when nothing changed', () => {
    lastSeq.clear();
    lastSeq.set('a', 0).set('b', 0);
    const overview = coalescer();
    expect(overview.flush(1)).toBeNull();
    for (let seq = 1; seq <= 5; seq++) {
      lastSeq.set('a', seq);
      overview.markChanged('a');
    }
    const frame = overview.flush(2)!;
    expect(frame).toMatchObject({ type: 'overview', full: false, version: 5, hubTimeMs: 2 });
    expect(frame.hosts).toEqual([summary('a', 5, false)]);
    expect(overview.flush(3)).toBeNull();
    overview.markChanged('b');
    overview.markChanged('a');
    expect(overview.flush(4)!.hosts.map((h) => h.hostId)).toEqual(['b', 'a']);
  });

  it('asks for a timer only on the first change of a window', () => {
    lastSeq.clear();
    lastSeq.set('a', 0).set('b', 0);
    let armed = 0;
    const overview = coalescer({ onPending: () => armed++ });
    overview.markChanged('a');
    overview.markChanged('b');
    overview.markChanged('a');
    expect({ armed, pending: overview.pending }).toEqual({ armed: 1, pending: true });
    overview.flush(1);
    expect(overview.pending).toBe(false);
    overview.markChanged('b');
    expect(armed).toBe(2);
  });

  it('builds a full frame of every host with sparklines, at the current version', () => {
    lastSeq.clear();
    lastSeq.set('a', 3).set('b', 7);
    const overview = coalescer();
    overview.markChanged('a');
    const full = overview.fullFrame(9);
    expect(full).toMatchObject({ full: true, version: 1, hubTimeMs: 9 });
    expect(full.hosts).toEqual([summary('a', 3, true), summary('b', 7, true)]);
  });

  it('answers a since with the hosts changed after it, whatever was flushed in between', () => {
    lastSeq.clear();
    lastSeq.set('a', 1).set('b', 1).set('c', 1);
    const overview = coalescer({ firstVersion: 100 });
    overview.markChanged('a'); // 101
    overview.markChanged('b'); // 102
    overview.flush(1);
    overview.markChanged('c'); // 103
    overview.markChanged('a'); // 104
    expect(overview.changedSince(100)).toEqual({ kind: 'delta', hostIds: ['a', 'b', 'c'], removed: [] });
    expect(overview.changedSince(102)).toEqual({ kind: 'delta', hostIds: ['a', 'c'], removed: [] });
    expect(overview.changedSince(103)).toEqual({ kind: 'delta', hostIds: ['a'], removed: [] });
    expect(overview.changedSince(104)).toEqual({ kind: 'delta', hostIds: [], removed: [] });
    expect(overview.changedSince(105)).toEqual({ kind: 'future' });
    expect(overview.changedSince(99)).toEqual({ kind: 'full' });
    expect(overview.summaries(['c', 'gone'])).toEqual([summary('c', 1, false)]);
  });

  it('lists a forgotten host as removed in the next frame and to polls from before, until it comes back', () => {
    lastSeq.clear();
    lastSeq.set('a', 1).set('b', 1);
    const overview = coalescer({ firstVersion: 10 });
    overview.markChanged('a'); // 11
    overview.markChanged('b'); // 12
    overview.flush(1);
    lastSeq.delete('b');
    overview.markRemoved('b'); // 13
    expect(overview.pending).toBe(true);
    expect(overview.flush(2)).toMatchObject({ version: 13, hosts: [], removed: ['b'] });
    expect(overview.flush(3)).toBeNull();
    expect(overview.changedSince(11)).toEqual({ kind: 'delta', hostIds: [], removed: ['b'] });
    expect(overview.changedSince(13)).toEqual({ kind: 'delta', hostIds: [], removed: [] });
    lastSeq.set('b', 1);
    overview.markChanged('b'); // 14
    expect(overview.flush(4)).not.toHaveProperty('removed');
    expect(overview.changedSince(11)).toEqual({ kind: 'delta', hostIds: ['b'], removed: [] });
  });
});
