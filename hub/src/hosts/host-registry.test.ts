import { describe, expect, it } from 'vitest';
import type { HostSample, HostStatus } from '@hostpulse/protocol';
import { makeHello, makeSample } from '@hostpulse/testkit/samples';
import { hostInfo, hostSummary } from './host-record.js';
import { HostRegistry } from './host-registry.js';
import { selectSamples } from './host-queries.js';
import { HistoryStore } from '../store/history-store.js';

function setup(historyMs = 60_000, options: { forgetOfflineAfterMs?: number; decidesFor?: (hostId: string) => boolean } = {}) {
  let now = 1_000_000;
  const stored: HostSample[] = [];
  const statuses: HostStatus[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  const registry = new HostRegistry({
    store: new HistoryStore({ dataDir: null, memoryMs: historyMs, nowMs: () => now }),
    nowMs: () => now,
    ...options,
    events: {
      sampleStored: (s) => stored.push(s),
      statusChanged: (s) => statuses.push(s),
      hostChanged: (id) => changed.push(id),
      hostRemoved: (id) => removed.push(id),
    },
  });
  return { registry, stored, statuses, changed, removed, advance: (ms: number) => (now += ms), now: () => now };
}

const seqsOf = (registry: HostRegistry, hostId: string) => registry.get(hostId)!.history.samplesAfter(undefined, 0, 1000).map((s) => `${s.runId}:${s.seq}`);

describe('HostRegistry', () => {
  it('stores samples in seq order and drops a seq it already holds', () => {
    const { registry, stored } = setup();
    registry.connect(makeHello('h', 'r1'));
    const results = [1, 2, 4, 3, 2, 4, 5].map((seq) => registry.addSample(makeSample('h', 'r1', seq)));
    expect(results).toEqual(['stored', 'stored', 'stored', 'stored', 'duplicate', 'duplicate', 'stored']);
    expect(seqsOf(registry, 'h')).toEqual(['r1:1', 'r1:2', 'r1:3', 'r1:4', 'r1:5']);
    expect(stored.map((s) => s.seq)).toEqual([1, 2, 4, 3, 5]);
    expect(stored[0]!.hubRxMs).toBe(1_000_000);
  });

  it('answers hello with the last seq it holds for that run, 0 for a new run', () => {
    const { registry } = setup();
    expect(registry.connect(makeHello('h', 'r1'))).toEqual({ ok: true, lastSeq: 0, replaced: false });
    for (const seq of [1, 2, 3]) registry.addSample(makeSample('h', 'r1', seq));
    registry.disconnect('h');
    expect(registry.connect(makeHello('h', 'r1'))).toEqual({ ok: true, lastSeq: 3, replaced: false });
    registry.disconnect('h');
    expect(registry.connect(makeHello('h', 'r2'))).toEqual({ ok: true, lastSeq: 0, replaced: false });
  });

  it('refuses a second agent for a connected host id', () => {
    const { registry } = setup();
    registry.connect(makeHello('h', 'r1'));
    expect(registry.connect(makeHello('h', 'r2'))).toEqual({ ok: false, fault: 'hostIdConflict' });
    expect(registry.get('h')!.runId).toBe('r1');
  });

  it('lets the same run replace its own stalled connection, and any run replace one whose host went offline', () => {
    const { registry, advance } = setup();
    registry.connect(makeHello('h', 'r1', 1000));
    registry.addSample(makeSample('h', 'r1', 1));
    // The same agent process again: its older connection is dead, whatever the hub still thinks.
    expect(registry.connect(makeHello('h', 'r1', 1000))).toEqual({ ok: true, lastSeq: 1, replaced: true });
    expect(registry.connect(makeHello('h', 'r2', 1000))).toEqual({ ok: false, fault: 'hostIdConflict' });
    advance(5000);
    registry.checkOffline();
    expect(registry.connect(makeHello('h', 'r2', 1000))).toEqual({ ok: true, lastSeq: 0, replaced: true });
    expect(registry.get('h')).toMatchObject({ runId: 'r2', online: true, connected: true });
  });

  it('starts a new run while keeping the old run in history, ordered by time', () => {
    const { registry } = setup();
    registry.connect(makeHello('h', 'r1'));
    for (const seq of [1, 2]) registry.addSample(makeSample('h', 'r1', seq));
    registry.disconnect('h');
    registry.connect(makeHello('h', 'r2'));
    for (const seq of [2, 1, 3]) registry.addSample(makeSample('h', 'r2', seq));
    expect(registry.addSample(makeSample('h', 'r1', 3))).toBe('unknownHost');
    expect(seqsOf(registry, 'h')).toEqual(['r1:1', 'r1:2', 'r2:1', 'r2:2', 'r2:3']);
    const host = registry.get('h')!;
    expect(hostInfo(host)).toMatchObject({ runId: 'r2', lastSeq: 3, connected: true });
    expect(selectSamples(host, { runId: 'r2', afterSeq: 1, limit: 10 }).map((s) => s.seq)).toEqual([2, 3]);
    expect(selectSamples(host, { runId: 'r1', afterSeq: 1, limit: 10 })).toHaveLength(5);
    expect(selectSamples(host, { afterSeq: 0, limit: 2 }).map((s) => `${s.runId}:${s.seq}`)).toEqual(['r2:2', 'r2:3']);
  });

  it('forgets a host offline for longer than its history is kept, and deletes only offline hosts', () => {
    const { registry, removed, advance } = setup(10_000);
    registry.connect(makeHello('h', 'r1', 1000));
    registry.addSample(makeSample('h', 'r1', 1));
    expect(registry.remove('h')).toBe('online');
    expect(registry.remove('nope')).toBe('unknown');
    registry.disconnect('h');
    advance(5000);
    registry.checkOffline();
    expect(registry.get('h')!.online).toBe(false);
    advance(5000);
    registry.checkOffline();
    expect(removed).toEqual([]);
    advance(1000);
    registry.checkOffline();
    expect(removed).toEqual(['h']);
    expect(registry.get('h')).toBeUndefined();
    registry.connect(makeHello('g', 'r1', 1000));
    registry.disconnect('g');
    advance(5000);
    registry.checkOffline();
    expect(registry.remove('g')).toBe('removed');
    expect(removed).toEqual(['h', 'g']);
  });

  it('forgets a host offline for --forget-offline-after, only where this hub decides for it', () => {
    const { registry, advance, removed } = setup(3_600_000, { forgetOfflineAfterMs: 10_000, decidesFor: (hostId) => hostId !== 'theirs' });
    for (const id of ['mine', 'theirs']) {
      registry.connect(makeHello(id, 'r1'));
      registry.addSample(makeSample(id, 'r1', 1));
      registry.disconnect(id);
    }
    advance(5000);
    registry.checkOffline();
    expect(registry.get('mine')?.online).toBe(false);
    advance(6000);
    registry.checkOffline();
    expect(removed).toEqual(['mine']);
    expect(registry.get('theirs')).toBeDefined();
  });

  it('keeps a display name with the host record, and follows another hub forgetting a host unless it was heard since', () => {
    const { registry, changed, removed, now, advance } = setup();
    registry.connect(makeHello('h', 'r1'));
    expect(registry.setDisplayName('h', 'front door')).toBe(true);
    expect(registry.setDisplayName('nope', 'x')).toBe(false);
    expect(changed.at(-1)).toBe('h');
    expect(hostSummary(registry.get('h')!, false).displayName).toBe('front door');
    expect(hostInfo(registry.get('h')!, 7000)).toMatchObject({ displayName: 'front door', forgetOfflineAfterMs: 7000 });
    registry.setDisplayName('h', undefined);
    expect(hostSummary(registry.get('h')!, false)).not.toHaveProperty('displayName');

    // A host whose agent is connected here stays; another goes, unless it was heard from after the forget.
    registry.forgetReplica('h', now());
    expect(removed).toEqual([]);
    const lastSeenMs = registry.get('h')!.lastSeenMs;
    registry.disconnect('h');
    advance(5000);
    registry.checkOffline();
    expect(registry.get('h')?.online).toBe(false);
    registry.forgetReplica('h', lastSeenMs - 1);
    expect(removed).toEqual([]);
    registry.forgetReplica('h', now());
    expect(removed).toEqual(['h']);
  });

  it('turns a host offline after three missed intervals and back online on its next sample', () => {
    const { registry, statuses, advance } = setup();
    registry.connect(makeHello('h', 'r1', 1000));
    registry.addSample(makeSample('h', 'r1', 1));
    advance(3000);
    registry.checkOffline();
    expect(statuses).toEqual([]);
    advance(600);
    registry.checkOffline();
    registry.checkOffline();
    expect(statuses).toMatchObject([{ type: 'host-status', hostId: 'h', online: false, runId: 'r1' }]);
    expect(registry.counts()).toEqual({ total: 1, online: 0, connected: 1 });
    advance(10_000);
    registry.addSample(makeSample('h', 'r1', 2));
    expect(statuses.map((s) => s.online)).toEqual([false, true]);
    expect(registry.get('h')!.online).toBe(true);
  });

  it('summarises the newest sample for the overview, leaving loopback out of the network total', () => {
    const { registry, changed } = setup();
    registry.connect(makeHello('h', 'r1'));
    expect(hostSummary(registry.get('h')!, false).metrics).toBeNull();
    registry.addSample(makeSample('h', 'r1', 1));
    const summary = hostSummary(registry.get('h')!, true);
    expect(summary).toMatchObject({ hostId: 'h', hostname: 'h.example', online: true, lastSeq: 1, cpuPctRecent: [25] });
    expect(summary.metrics).toMatchObject({ cpuPct: 25, memUsedPct: 50, swapUsedPct: 0, load1: 0.5, netRxBytesPerSec: 1000, netTxBytesPerSec: 500 });
    expect(hostSummary(registry.get('h')!, false).cpuPctRecent).toBeUndefined();
    expect(changed).toEqual(['h', 'h']);
  });

});
