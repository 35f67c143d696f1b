import { describe, expect, it } from 'vitest';
import type { HostSummary } from '@hostpulse/protocol';
import { OverviewCoalescer } from './overview.js';

function summary(hostId: string, lastSeq: number, withRecent: boolean): HostSummary {
  return {
    hostId,
    hostname: hostId,
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
  const coalescer = () => new OverviewCoalescer((id, withRecent) => (lastSeq.has(id) ? summary(id, lastSeq.get(id)!, withRecent) : undefined), () => lastSeq.keys());

  it('sends each changed host once per tick with its latest state, and nothing when nothing changed', () => {
    lastSeq.clear();
    lastSeq.set('a', 0).set('b', 0);
    const overview = coalescer();
    expect(overview.tick(1)).toBeNull();
    for (let seq = 1; seq <= 5; seq++) {
      lastSeq.set('a', seq);
      overview.markChanged('a');
    }
    const frame = overview.tick(2)!;
    expect(frame).toMatchObject({ type: 'overview', full: false, version: 5, hubTimeMs: 2 });
    expect(frame.hosts).toEqual([summary('a', 5, false)]);
    expect(overview.tick(3)).toBeNull();
    overview.markChanged('b');
    overview.markChanged('a');
    expect(overview.tick(4)!.hosts.map((h) => h.hostId)).toEqual(['b', 'a']);
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
});
