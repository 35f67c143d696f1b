import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@hostpulse/protocol';
import type { HubStats, OverviewFrame, Snapshot } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { startHubProcess, type HubProcess } from './helpers/hub-process.js';
import { ScriptedAgent } from './helpers/scripted-agent.js';
import { TcpRelay } from './helpers/tcp-relay.js';
import { TestSocket } from './helpers/ws-client.js';

let hub: HubProcess;
const openLive = async (): Promise<TestSocket> => {
  const socket = await TestSocket.open(`ws://127.0.0.1:${hub.port}/live`);
  await socket.next((m) => m.type === 'welcome');
  return socket;
};

beforeAll(async () => {
  hub = await startHubProcess();
});
afterAll(async () => {
  await hub?.stop();
});

describe('/live', () => {
  it('greets with a valid welcome', async () => {
    const live = await openLive();
    expect(isValid('LiveWelcome', live.messages[0])).toBe(true);
    live.close();
  });

  it('answers an unknown topic or host with an error and keeps the socket open', async () => {
    const live = await openLive();
    live.send({ type: 'subscribe', topic: 'nonsense' });
    const error = await live.next((m) => m.type === 'error');
    expect(isValid('LiveError', error)).toBe(true);
    expect(error['topic']).toBe('nonsense');
    live.send({ type: 'subscribe', topic: 'host/nobody' });
    await live.next((m) => m.type === 'error' && m['topic'] === 'host/nobody');
    live.send({ type: 'subscribe', topic: 'overview' });
    await live.next((m) => m.type === 'overview');
    expect(live.ws.readyState).toBe(live.ws.OPEN);
    live.close();
  });

  it('closes on bad JSON and on an invalid message with their codes, and counts both', async () => {
    const a = await openLive();
    a.ws.send('not json');
    expect((await a.closed).code).toBe(CloseCode.malformedJson);
    const b = await openLive();
    b.send({ type: 'subscribe' });
    expect((await b.closed).code).toBe(CloseCode.invalidMessage);
    const stats = (await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats;
    expect(stats.faults['malformedJson']).toBeGreaterThanOrEqual(1);
    expect(stats.faults['invalidMessage']).toBeGreaterThanOrEqual(1);
  });

  it('sends a host snapshot, then every new sample, and only those after afterSeq of the current run', async () => {
    const agent = await ScriptedAgent.connect(hub.port, 'snap-host', { intervalMs: 100 });
    for (let i = 0; i < 5; i++) agent.sendSample();
    await new Promise((r) => setTimeout(r, 150));
    const live = await openLive();
    live.send({ type: 'subscribe', topic: 'host/snap-host', runId: 'run-1', afterSeq: 3 });
    const snapshot = (await live.next((m) => m.type === 'snapshot')) as unknown as Snapshot;
    expect(isValid('Snapshot', snapshot)).toBe(true);
    expect(snapshot.samples.map((s) => s.seq)).toEqual([4, 5]);
    expect(snapshot.host.connected).toBe(true);
    agent.sendSample();
    agent.sendSample();
    const samples = await live.collect((m) => m.type === 'sample', 2);
    expect(samples.map((m) => (m['sample'] as { seq: number }).seq)).toEqual([6, 7]);
    expect(samples.every((m) => isValid('LiveSample', m))).toBe(true);

    const other = await openLive();
    other.send({ type: 'subscribe', topic: 'host/snap-host', runId: 'some-old-run', afterSeq: 6, limit: 3 });
    const newest = (await other.next((m) => m.type === 'snapshot')) as unknown as Snapshot;
    expect(newest.samples.map((s) => s.seq)).toEqual([5, 6, 7]);

    live.send({ type: 'unsubscribe', topic: 'host/snap-host' });
    await new Promise((r) => setTimeout(r, 100));
    const count = live.messages.length;
    agent.sendSample();
    await other.next((m) => m.type === 'sample' && (m['sample'] as { seq: number }).seq === 8);
    expect(live.messages.length).toBe(count);
    agent.stop();
    live.close();
    other.close();
  });

  it('sends a full overview first, then coalesced frames with only the changed hosts', async () => {
    const quiet = await ScriptedAgent.connect(hub.port, 'quiet-host', { intervalMs: 100_000 });
    quiet.sendSample();
    const busy = await ScriptedAgent.connect(hub.port, 'busy-host', { intervalMs: 10_000 });
    const live = await openLive();
    live.send({ type: 'subscribe', topic: 'overview' });
    const full = (await live.next((m) => m.type === 'overview')) as unknown as OverviewFrame;
    expect(isValid('OverviewFrame', full)).toBe(true);
    expect(full.full).toBe(true);
    expect(full.hosts.map((h) => h.hostId)).toEqual(expect.arrayContaining(['quiet-host', 'busy-host']));
    expect(full.hosts.find((h) => h.hostId === 'quiet-host')?.cpuPctRecent).toEqual([25]);

    // Let changes made before this test (other hosts' comings and goings) go out first.
    await new Promise((r) => setTimeout(r, 200));
    const from = live.messages.length;
    // Ten samples of one host within one coalescing window come out as that host, once, in one frame.
    for (let i = 0; i < 10; i++) busy.sendSample();
    const delta = (await live.next((m) => m.type === 'overview' && m['full'] === false, { from })) as unknown as OverviewFrame;
    expect(isValid('OverviewFrame', delta)).toBe(true);
    expect(delta.hosts.map((h) => h.hostId)).toEqual(['busy-host']);
    expect(delta.hosts[0]!.lastSeq).toBe(10);
    expect(delta.hosts[0]!.cpuPctRecent).toBeUndefined();
    expect(delta.version).toBeGreaterThan(full.version);
    quiet.stop();
    busy.stop();
    live.close();
  });

  it('tells host subscribers and the overview when a host goes offline and comes back', async () => {
    const agent = await ScriptedAgent.connect(hub.port, 'flaky-host', { intervalMs: 100 });
    agent.sendSample();
    const live = await openLive();
    live.send({ type: 'subscribe', topic: 'host/flaky-host' });
    live.send({ type: 'subscribe', topic: 'overview' });
    await live.next((m) => m.type === 'snapshot');
    // No sample for three intervals (300 ms and a half-interval grace) turns it offline.
    const offline = await live.next((m) => m.type === 'host-status' && m['online'] === false, { timeoutMs: 3000 });
    expect(isValid('HostStatus', offline)).toBe(true);
    await live.next((m) => m.type === 'overview' && (m['hosts'] as { hostId: string; online: boolean }[]).some((h) => h.hostId === 'flaky-host' && !h.online));
    const from = live.messages.length;
    agent.sendSample();
    await live.next((m) => m.type === 'host-status' && m['online'] === true, { from });
    await live.next((m) => m.type === 'sample', { from });
    expect(hub.stderr()).toMatch(/host offline hostId=flaky-host/);
    agent.stop();
    live.close();
  });

  it('sends the hub stats once a second on the stats topic', async () => {
    const live = await openLive();
    live.send({ type: 'subscribe', topic: 'stats' });
    const frames = await live.collect((m) => m.type === 'stats', 3, 5000);
    expect(frames.every((m) => isValid('StatsFrame', m))).toBe(true);
    const last = frames[2]!['stats'] as HubStats;
    expect(last.transports.push.clients).toBeGreaterThanOrEqual(1);
    expect(last.transports.push.totals.frames).toBeGreaterThan(0);
    expect(last.transports.push.totals.wireBytes).toBeGreaterThan(last.transports.push.totals.payloadBytes);
    live.close();
  });

  it('drops a dashboard that does not read, counting slowClientDropped, while every other subscriber gets every sample', async () => {
    const agent = await ScriptedAgent.connect(hub.port, 'big-host', { intervalMs: 1000 });
    for (let i = 0; i < 3600; i++) agent.sendSample();
    // Wait until all 3600 are stored, so each snapshot below is as large as a window load may be (256 KiB).
    for (let lastSeq = 0; lastSeq < 3600; ) {
      await new Promise((r) => setTimeout(r, 50));
      lastSeq = ((await (await fetch(`${hub.url}/api/hosts/big-host`)).json()) as { lastSeq: number }).lastSeq;
    }
    const watchers = await Promise.all([openLive(), openLive(), openLive()]);
    for (const watcher of watchers) {
      watcher.send({ type: 'subscribe', topic: 'host/big-host', runId: 'run-1', afterSeq: 3600 });
      await watcher.next((m) => m.type === 'snapshot');
    }
    // A dashboard behind a link that stops carrying anything to it: what the hub sends piles up in its buffer.
    const relay = await TcpRelay.start(hub.port);
    const slow = await TestSocket.open(`ws://127.0.0.1:${relay.port}/live`);
    relay.throttle(0);
    for (let i = 0; i < 100; i++) slow.send({ type: 'subscribe', topic: 'host/big-host', limit: 3600 });
    const faultsOf = async () => ((await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats).faults['slowClientDropped'] ?? 0;

    // The host keeps streaming while the slow one is held open and after it is dropped.
    const STREAMED = 200;
    let sent = 0;
    let dropped = 0;
    const deadline = Date.now() + 10_000;
    while (sent < STREAMED && Date.now() < deadline) {
      for (let i = 0; i < 10; i++, sent++) agent.sendSample();
      await new Promise((r) => setTimeout(r, 50));
      if (dropped === 0) dropped = await faultsOf();
    }
    while (dropped === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      dropped = await faultsOf();
    }
    expect(dropped).toBe(1);
    const expected = Array.from({ length: STREAMED }, (_, i) => 3601 + i);
    for (const watcher of watchers) {
      const frames = await watcher.collect((m) => m.type === 'sample', STREAMED);
      expect(frames.map((m) => (m['sample'] as { seq: number }).seq)).toEqual(expected);
      expect(watcher.ws.readyState).toBe(watcher.ws.OPEN);
    }
    expect(await faultsOf()).toBe(1);
    agent.stop();
    watchers.forEach((w) => w.close());
    slow.ws.terminate();
    await relay.close();
  });
});
