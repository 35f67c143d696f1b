import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Alert, AlertRule, HostSample } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { HistoryStore } from '../store/history-store.js';
import { AlertEngine } from './alert-engine.js';
import { advanceTrack, type Change } from './alert-machine.js';

vi.mock('./alert-machine.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./alert-machine.js')>();
  return { ...actual, advanceTrack: vi.fn(actual.advanceTrack) };
});

// The engine on a memory store: readState answers this run's writes, so a second engine
// on the same store sees what a restarted hub would read back from disk.
const fsFull: AlertRule = { name: 'fs-full', metric: 'fs.usedPct', op: '>', threshold: 90, clear: 85, forMs: 0, severity: 'warning' };
const cpuHot: AlertRule = { name: 'cpu-hot', metric: 'cpu.busyPct', op: '>', threshold: 20, clear: 10, forMs: 2000, severity: 'critical' };
const down: AlertRule = { name: 'down', metric: 'host.offline', forMs: 50, severity: 'critical' };

const engines: AlertEngine[] = [];
afterEach(() => engines.splice(0).forEach((e) => e.stop()));

function engineOn(store: HistoryStore, rules: AlertRule[], hosts: { hostId: string; online: boolean }[] = [], tags: Record<string, Record<string, string>> = {}) {
  const changes: [Change, Alert][] = [];
  const engine = new AlertEngine({ store, rules, hosts: () => hosts, hostTags: (hostId) => tags[hostId] ?? {}, onChange: (alert, change) => changes.push([change, alert]) });
  engines.push(engine);
  return { engine, changes, summary: () => changes.map(([change, a]) => `${change} ${a.id}`) };
}

/** A sample at `tsMs` (makeSample's CPU is 25 % busy) with filesystems used as given (in %), or none. */
function sample(tsMs: number, fsUsed?: Record<string, number>): HostSample {
  const s: HostSample = { ...makeSample('web-1', 'run-1', tsMs / 1000), tsMs, hubRxMs: tsMs };
  if (fsUsed) s.fs = Object.entries(fsUsed).map(([mount, pct]) => ({ mount, fsType: 'ext4', sizeBytes: 1000, usedBytes: pct * 10 }));
  else delete s.fs;
  return s;
}

/** A sample of `busyPct` CPU taken at `tsMs` that reached the hub at `hubRxMs`. */
function cpuSample(tsMs: number, busyPct: number, hubRxMs = tsMs): HostSample {
  const s = sample(tsMs);
  return { ...s, hubRxMs, cpu: { ...s.cpu, total: { ...s.cpu.total, idlePct: 100 - busyPct } } };
}

const newStore = () => new HistoryStore({ dataDir: null, memoryMs: 60_000 });

describe('alert engine', () => {
  it('keeps one alert per mount, leaves them alone on samples without filesystems, and resolves one whose mount is gone', () => {
    const { engine, summary } = engineOn(newStore(), [fsFull]);
    engine.onSample(sample(1000, { '/': 95, '/var': 50 }));
    engine.onSample(sample(2000));
    expect(summary()).toEqual(['firing fs-full|web-1|/']);
    expect(engine.current()).toEqual([expect.objectContaining({ labels: { mount: '/' }, value: 95, state: 'firing' })]);
    engine.onSample(sample(3000, { '/var': 95 }));
    expect(summary()).toEqual(['firing fs-full|web-1|/', 'firing fs-full|web-1|/var', 'resolved fs-full|web-1|/']);
    expect(engine.past().map((a) => a.id)).toEqual(['fs-full|web-1|/']);
  });

  it('after a restart knows its firing alert and ignores samples replayed from before its last change', () => {
    const store = newStore();
    const first = engineOn(store, [cpuHot]);
    for (const ts of [1000, 2000, 3000]) first.engine.onSample(sample(ts));
    expect(first.summary()).toEqual(['pending cpu-hot|web-1|', 'firing cpu-hot|web-1|']);
    first.engine.stop();

    const second = engineOn(store, [cpuHot]);
    expect(second.engine.current()).toEqual([expect.objectContaining({ id: 'cpu-hot|web-1|', state: 'firing', startsAtMs: 3000 })]);
    for (const ts of [1000, 2000, 3000, 4000]) second.engine.onSample(sample(ts));
    expect(second.changes).toEqual([]);
  });

  it('withdraws the firing alerts of a rule removed from the rules, and cancels pending ones', () => {
    const { engine, summary } = engineOn(newStore(), [cpuHot, fsFull]);
    engine.onSample(sample(1000, { '/': 95 }));
    engine.setRules([]);
    expect(summary()).toEqual(['pending cpu-hot|web-1|', 'firing fs-full|web-1|/', 'cancelled cpu-hot|web-1|', 'withdrawn fs-full|web-1|/']);
    expect(engine.current()).toEqual([]);
    expect(engine.past()).toEqual([]);
  });

  it('never resolves the alerts of a renamed rule whose condition still holds: the old are withdrawn, the new name fires', async () => {
    const hosts = [{ hostId: 'web-1', online: false }, { hostId: 'web-2', online: true }];
    const { engine, summary } = engineOn(newStore(), [{ ...down, name: 'host-offline' }, fsFull], hosts);
    engine.onSample({ ...sample(1000, { '/': 95 }), hostId: 'web-2' });
    await new Promise((r) => setTimeout(r, 120));
    expect(summary()).toEqual(['pending host-offline|web-1|', 'firing fs-full|web-2|/', 'firing host-offline|web-1|']);

    engine.setRules([{ ...down, name: 'hosts-down' }, { ...fsFull, name: 'disk-full' }]);
    engine.onSample({ ...sample(2000, { '/': 95 }), hostId: 'web-2' });
    await new Promise((r) => setTimeout(r, 120));
    expect(summary().slice(3)).toEqual(['withdrawn host-offline|web-1|', 'withdrawn fs-full|web-2|/', 'pending hosts-down|web-1|', 'firing disk-full|web-2|/', 'firing hosts-down|web-1|']);
    expect(engine.past()).toEqual([]);
  });

  it('with clearFor, holds a firing alert through a one-sample dip, and resolves once idle for clearFor', () => {
    const { engine, summary } = engineOn(newStore(), [{ ...cpuHot, forMs: 0, clearForMs: 3000 }]);
    [50, 1, 50, 50, 15, 1, 5, 15].forEach((busy, i) => engine.onSample(cpuSample(1000 * (i + 1), busy)));
    expect(summary()).toEqual(['firing cpu-hot|web-1|']);
    engine.onSample(cpuSample(9000, 1));
    expect(summary()).toEqual(['firing cpu-hot|web-1|', 'resolved cpu-hot|web-1|']);
    expect(engine.past()).toEqual([expect.objectContaining({ state: 'resolved', startsAtMs: 1000, endsAtMs: 9000, value: 1 })]);
  });

  it('fires host.offline once its hold time passes with no sample, and resolves it when the host is back', async () => {
    const { engine, summary } = engineOn(newStore(), [down]);
    engine.onStatus('web-1', false);
    expect(summary()).toEqual(['pending down|web-1|']);
    await new Promise((r) => setTimeout(r, 120));
    expect(summary()).toEqual(['pending down|web-1|', 'firing down|web-1|']);
    engine.onStatus('web-1', true);
    expect(summary().at(-1)).toBe('resolved down|web-1|');
  });

  it('covers only hosts carrying every tag of the rule, and withdraws the alerts of a host whose agent came back with other tags', () => {
    const prodHot: AlertRule = { ...cpuHot, forMs: 0, hostTags: { env: 'prod', role: 'web' } };
    const prodDown: AlertRule = { ...down, name: 'prod-down', hostTags: { env: 'prod' } };
    const tags: Record<string, Record<string, string>> = { 'web-1': { env: 'prod', role: 'web' }, 'web-2': { env: 'prod' }, 'web-3': { env: 'dev', role: 'web' } };
    const { engine, summary } = engineOn(newStore(), [prodHot, prodDown], [], tags);
    for (const hostId of ['web-1', 'web-2', 'web-3']) engine.onSample({ ...sample(1000), hostId });
    for (const hostId of ['web-1', 'web-2', 'web-3']) engine.onStatus(hostId, false);
    expect(summary()).toEqual(['firing cpu-hot|web-1|', 'pending prod-down|web-1|', 'pending prod-down|web-2|']);

    tags['web-1'] = { env: 'dev', role: 'web' };
    engine.onSample({ ...sample(2000), hostId: 'web-1' });
    engine.onStatus('web-1', true);
    expect(summary().slice(3)).toEqual(['withdrawn cpu-hot|web-1|', 'cancelled prod-down|web-1|']);
    expect(engine.current().map((a) => a.id)).toEqual(['prod-down|web-2|']);
  });

  it("looks at no other host's alerts when a host goes offline or comes back", () => {
    const hosts = Array.from({ length: 1000 }, (_, i) => ({ hostId: `host-${i}`, online: false }));
    const { engine, summary } = engineOn(newStore(), [{ ...down, forMs: 60_000 }], hosts);
    expect(engine.current()).toHaveLength(1000);
    vi.mocked(advanceTrack).mockClear();
    engine.onStatus('host-500', true);
    engine.onStatus('host-1000', false);
    expect(vi.mocked(advanceTrack).mock.calls.length).toBe(0);
    expect(summary().slice(1000)).toEqual(['cancelled down|host-500|', 'pending down|host-1000|']);
    expect(engine.current()).toHaveLength(1000);
  });

  it('starts host.offline on hosts already offline when the rules come in', () => {
    const { summary } = engineOn(newStore(), [down], [{ hostId: 'db-1', online: false }, { hostId: 'web-1', online: true }]);
    expect(summary()).toEqual(['pending down|db-1|']);
  });

  it('is not held back by a watermark an older hub saved as an agent time years ahead', () => {
    const store = newStore();
    store.putState('alert-host/web-1', String(Date.UTC(2036, 0, 1)));
    const { engine, summary } = engineOn(store, [cpuHot]);
    for (const ts of [1000, 2000, 3000]) engine.onSample(cpuSample(ts, 50));
    engine.onSample(cpuSample(4000, 1));
    expect(summary()).toEqual(['pending cpu-hot|web-1|', 'firing cpu-hot|web-1|', 'resolved cpu-hot|web-1|']);
  });

  it('evaluates a replayed burst in order but announces no firing that already cleared in it', () => {
    const { engine, summary } = engineOn(newStore(), [cpuHot]);
    for (const ts of [1000, 2000, 3000]) engine.onSample(cpuSample(ts, 1));
    // A 96 s outage; the agent replays its buffer back to back at 100 s: busy from 10 to 20 s (longer than the rule's 2 s), idle after.
    for (let ts = 4000; ts < 100_000; ts += 1000) engine.onSample(cpuSample(ts, ts >= 10_000 && ts <= 20_000 ? 50 : 1, 100_000 + ts / 1000));
    engine.onSample(cpuSample(100_000, 1, 100_200));
    expect(summary()).toEqual(['pending cpu-hot|web-1|', 'cancelled cpu-hot|web-1|']);
    expect(engine.past()).toEqual([]);
  });

  it('fires a condition still active at the end of a replayed burst on the first live sample, at that sample', () => {
    const { engine, summary } = engineOn(newStore(), [cpuHot]);
    // The buffer, sent back to back 20 s after its newest sample: busy for its last 10 s.
    for (let ts = 1000; ts < 60_000; ts += 1000) engine.onSample(cpuSample(ts, ts >= 50_000 ? 50 : 1, 80_000 + ts / 1000));
    expect(summary()).toEqual(['pending cpu-hot|web-1|']);
    engine.onSample(cpuSample(80_000, 50, 80_100));
    expect(summary()).toEqual(['pending cpu-hot|web-1|', 'firing cpu-hot|web-1|']);
    expect(engine.current()).toEqual([expect.objectContaining({ state: 'firing', activeSinceMs: 50_000, startsAtMs: 80_000 })]);
  });

  it('learns a host clock far behind the hub from two paced samples, and fires on its live samples', () => {
    const { engine, summary } = engineOn(newStore(), [{ ...cpuHot, forMs: 0 }]);
    const behindMs = 3_600_000;
    engine.onSample(cpuSample(1000, 1, 1000 + behindMs));
    engine.onSample(cpuSample(2000, 1, 2000 + behindMs));
    engine.onSample(cpuSample(3000, 50, 3000 + behindMs));
    expect(summary()).toEqual(['firing cpu-hot|web-1|']);
  });
});
