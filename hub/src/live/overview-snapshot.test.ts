import { describe, expect, it } from 'vitest';
import type { HostSummary, OverviewFrame } from '@hostpulse/protocol';
import { OverviewCoalescer } from '../hosts/overview-coalescer.js';
import { OVERVIEW_SNAPSHOT_REUSE_MS, OverviewSnapshots } from './overview-snapshot.js';

const MAX_BYTES = 2000;

function fleet(count: number): { coalescer: OverviewCoalescer; seqs: Map<string, number>; built: () => number } {
  const seqs = new Map(Array.from({ length: count }, (_, i) => [`host-${String(i).padStart(3, '0')}`, 1]));
  let built = 0;
  const summary = (hostId: string, withRecent: boolean): HostSummary => {
    if (withRecent) built++;
    return { hostId, hostname: hostId, tags: {}, online: true, lastSeenMs: 0, runId: 'r', lastSeq: seqs.get(hostId)!, metrics: null, ...(withRecent ? { cpuPctRecent: [1, 2, 3] } : {}) };
  };
  const coalescer = new OverviewCoalescer({ summaryOf: (id, withRecent) => (seqs.has(id) ? summary(id, withRecent) : undefined), hostIds: () => seqs.keys() });
  return { coalescer, seqs, built: () => built };
}

const parse = (texts: string[]): OverviewFrame[] => texts.map((t) => JSON.parse(t) as OverviewFrame);

describe('OverviewSnapshots', () => {
  it('splits the overview into frames within the limit: the first full, the rest deltas, every host once', () => {
    const { coalescer } = fleet(100);
    const texts = new OverviewSnapshots(coalescer, MAX_BYTES).frames(0);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_BYTES);
    const frames = parse(texts);
    expect(frames.map((f) => f.full)).toEqual([true, ...frames.slice(1).map(() => false)]);
    expect(frames.flatMap((f) => f.hosts.map((h) => h.hostId))).toEqual([...Array(100).keys()].map((i) => `host-${String(i).padStart(3, '0')}`));
  });

  it('builds the full overview once per reuse window, and sends what changed since after it', () => {
    const { coalescer, seqs, built } = fleet(20);
    const snapshots = new OverviewSnapshots(coalescer, MAX_BYTES);
    const first = snapshots.frames(1000);
    expect(built()).toBe(20);
    expect(snapshots.frames(1100)).toEqual(first);
    seqs.set('host-007', 2);
    coalescer.markChanged('host-007');
    seqs.delete('host-003');
    coalescer.markRemoved('host-003');
    const later = parse(snapshots.frames(1200));
    expect(built()).toBe(20);
    expect(later.slice(0, first.length)).toEqual(parse(first));
    expect(later.at(-1)).toMatchObject({ full: false, version: coalescer.version, hosts: [{ hostId: 'host-007', lastSeq: 2 }], removed: ['host-003'] });
    // Past the window, a new full overview.
    const rebuilt = parse(snapshots.frames(1000 + OVERVIEW_SNAPSHOT_REUSE_MS));
    expect(built()).toBe(39);
    expect(rebuilt[0]).toMatchObject({ full: true, version: coalescer.version });
  });
});
