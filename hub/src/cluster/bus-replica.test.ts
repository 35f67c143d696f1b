import { describe, expect, it } from 'vitest';
import { BUS_PEER_GONE_MS, busSubject, type HostSample, type HostStatus } from '@hostpulse/protocol';
import { makeHello, makeSample } from '@hostpulse/testkit/samples';
import { HostRegistry } from '../hosts/host-registry.js';
import { HistoryStore } from '../store/history-store.js';
import { BusReplica } from './bus-replica.js';

function setup() {
  let now = 1_000_000;
  const stored: [HostSample, boolean][] = [];
  const statuses: HostStatus[] = [];
  const registry = new HostRegistry({
    store: new HistoryStore({ dataDir: null, memoryMs: 60_000, nowMs: () => now }),
    nowMs: () => now,
    events: { sampleStored: (s, local) => stored.push([s, local]), statusChanged: (s) => statuses.push(s), hostChanged: () => {}, hostRemoved: () => {} },
  });
  const replica = new BusReplica(registry, 'me', 3, () => now);
  return { registry, replica, stored, statuses, advance: (ms: number) => (now += ms), now: () => now };
}

const hello = (hostId: string, runId: string, hubRxMs: number, hubId = 'other') => JSON.stringify({ type: 'hello', hubId, hubRxMs, hello: makeHello(hostId, runId) });
const sample = (hostId: string, runId: string, seq: number, hubRxMs: number) => JSON.stringify({ type: 'sample', hubId: 'other', sample: { ...makeSample(hostId, runId, seq), hubRxMs } });

describe('BusReplica', () => {
  it("keeps another hub's host as a replica: never connected, online while samples come, each (run, seq) once with the sending hub's hubRxMs", () => {
    const { registry, replica, stored, advance, now } = setup();
    expect(replica.apply(busSubject('hello', 'web.1'), hello('web.1', 'r1', now()))).toBe('applied');
    const outcomes = [1, 2, 2, 3].map((seq) => replica.apply(busSubject('sample', 'web.1'), sample('web.1', 'r1', seq, now() - 5)));
    expect(outcomes).toEqual(['stored', 'stored', 'duplicate', 'stored']);
    const host = registry.get('web.1')!;
    expect([host.online, host.connected, host.latest?.seq, host.latest?.hubRxMs]).toEqual([true, false, 3, now() - 5]);
    expect(stored.every(([, local]) => !local)).toBe(true);
    expect(registry.counts()).toEqual({ total: 1, online: 1, connected: 0 });
    advance(10_000);
    registry.checkOffline();
    expect(registry.get('web.1')!.online).toBe(false);
    // A back-filled old sample is kept but does not bring the host back online.
    expect(replica.apply(busSubject('sample', 'web.1'), sample('web.1', 'r1', 4, now() - 9000))).toBe('stored');
    expect(registry.get('web.1')!.online).toBe(false);
  });

  it('refuses what does not match the schema or its subject, and a sample of a host never said hello for', () => {
    const { replica } = setup();
    expect(replica.apply(busSubject('sample', 'h'), '{"type":"sample"')).toEqual({ invalid: expect.stringMatching(/^malformedJson/) });
    expect(replica.apply(busSubject('sample', 'h'), JSON.stringify({ type: 'sample', hubId: 'x', sample: { hostId: 'h' } }))).toEqual({ invalid: expect.stringMatching(/^invalidMessage/) });
    expect(replica.apply(busSubject('sample', 'other-host'), sample('h', 'r1', 1, 5))).toEqual({ invalid: expect.stringMatching(/for h on subject/) });
    expect(replica.apply(busSubject('status', 'h'), hello('h', 'r1', 5))).toEqual({ invalid: expect.stringMatching(/hello message for h on subject hostpulse\.v1\.status\.h/) });
    expect(replica.apply(busSubject('sample', 'h'), sample('h', 'r1', 1, 5))).toBe('unknownHost');
  });

  it("ignores a hello older than one applied (a back-fill), and a status from a hub that does not hold the host", () => {
    const { registry, replica, statuses, now } = setup();
    replica.apply(busSubject('hello', 'h'), hello('h', 'r2', now()));
    expect(replica.apply(busSubject('hello', 'h'), hello('h', 'r1', now() - 60_000))).toBe('stale');
    expect(registry.get('h')!.runId).toBe('r2');
    const offline = (hubId: string) => JSON.stringify({ type: 'host-status', hubId, status: { type: 'host-status', hostId: 'h', online: false, runId: 'r2', lastSeenMs: now() } });
    expect(replica.apply(busSubject('status', 'h'), offline('third'))).toBe('stale');
    expect(registry.get('h')!.online).toBe(true);
    expect(replica.apply(busSubject('status', 'h'), offline('other'))).toBe('applied');
    expect(registry.get('h')!.online).toBe(false);
    expect(statuses.map((s) => s.online)).toEqual([true, false]);
  });

  it('takes no host from the bus past --max-hosts', () => {
    const { registry, replica, now } = setup();
    const outcomes = ['h1', 'h2', 'h3', 'h4'].map((id) => replica.apply(busSubject('hello', id), hello(id, 'r1', now())));
    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'tooManyHosts']);
    expect(registry.get('h4')).toBeUndefined();
    expect(replica.apply(busSubject('hello', 'h1'), hello('h1', 'r2', now() + 1))).toBe('applied');
  });

  it("leaves a host whose agent is connected here as it is", () => {
    const { registry, replica, now } = setup();
    registry.connect(makeHello('h', 'local-run'));
    replica.apply(busSubject('hello', 'h'), hello('h', 'remote-run', now() + 1));
    expect(registry.get('h')!).toMatchObject({ runId: 'local-run', connected: true });
  });

  it('lists peers by their heartbeats, and takes a silent one for gone', () => {
    const { replica, advance, now } = setup();
    const beat = (hubId: string) => JSON.stringify({ type: 'hub', hubId, name: `${hubId}:8080`, tsMs: now(), agents: 2 });
    replica.apply(busSubject('hub', 'b'), beat('b'));
    replica.apply(busSubject('hub', 'me'), beat('me'));
    expect(replica.peers()).toEqual([{ hubId: 'b', name: 'b:8080', agents: 2, lastSeenMs: now() }]);
    expect([replica.isAlive('b'), replica.knows('b'), replica.isAlive('never')]).toEqual([true, true, false]);
    advance(BUS_PEER_GONE_MS + 1);
    expect(replica.isAlive('b')).toBe(false);
    expect(replica.nameOf('b')).toBe('b:8080');
  });

  it("delivers a host's alerts when it holds the agent, or when the holder is gone and no live hub has a lower id", () => {
    const { replica, advance, now } = setup();
    const beat = (hubId: string) => replica.apply(busSubject('hub', hubId), JSON.stringify({ type: 'hub', hubId, name: `${hubId}:8080`, tsMs: now(), agents: 1 }));
    beat('a');
    beat('zz');
    replica.apply(busSubject('hello', 'mine'), hello('mine', 'r1', now(), 'me'));
    replica.apply(busSubject('hello', 'on-zz'), hello('on-zz', 'r1', now(), 'zz'));
    // Held by this hub: it delivers; held by a live hub: that hub does; held by no one: hub "a" (lower than "me") does.
    expect(['mine', 'on-zz', 'unheld'].map((h) => replica.delivers(h))).toEqual([true, false, false]);
    // Hub zz falls silent while a still beats: its host falls to a, the lowest live hub.
    advance(BUS_PEER_GONE_MS / 2);
    beat('a');
    advance(BUS_PEER_GONE_MS / 2 + 1);
    expect([replica.isAlive('zz'), replica.isAlive('a')]).toEqual([false, true]);
    expect(['mine', 'on-zz', 'unheld'].map((h) => replica.delivers(h))).toEqual([true, false, false]);
    // Then a falls silent too: this hub delivers for every host.
    advance(BUS_PEER_GONE_MS);
    expect(['mine', 'on-zz', 'unheld'].map((h) => replica.delivers(h))).toEqual([true, true, true]);
  });
});
