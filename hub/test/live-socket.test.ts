import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CloseCode } from '@hostpulse/protocol';
import type { HubStats, OverviewFrame, Snapshot } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { LIVE_BUCKET_SHAPE } from '../src/core/rate-limit.js';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { makeSample } from '@hostpulse/testkit/samples';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TcpRelay } from '@hostpulse/testkit/tcp-relay';
import { TestSocket } from '@hostpulse/testkit/test-socket';

let hub: TestHub;
const openLive = async (port = hub.port): Promise<TestSocket> => {
  const socket = await TestSocket.open(`ws://127.0.0.1:${port}/live`);
  await socket.next((m) => m.type === 'welcome');
  return socket;
};

beforeAll(async () => {
  hub = await startTestHub();
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
    const agent = await ScriptedAgent.connect(hub.url, 'snap-host', { intervalMs: 100 });
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
    const quiet = await ScriptedAgent.connect(hub.url, 'quiet-host', { intervalMs: 100_000 });
    quiet.sendSample();
    const busy = await ScriptedAgent.connect(hub.url, 'busy-host', { intervalMs: 10_000 });
    const live = await openLive();
    live.send({ type: 'subscribe', topic: 'overview' });
    const full = (await live.next((m) => m.type === 'overview')) as unknown as OverviewFrame;
    expect(isValid('OverviewFrame', full)).toBe(true);
    expect(full.full).toBe(true);
    expect(full.hosts.map((h) => h.hostId)).toEqual(expect.arrayContaining(['quiet-host', 'busy-host']));
    expect(full.hosts.find((h) => h.hostId === 'quiet-host')?.cpuPctRecent).toEqual([25]);

    // Let changes made before this test (other hosts' comings and goings) go out first: the previous
    // test's 100 ms host turns offline up to 350 ms after its last sample plus a 250 ms housekeeping tick.
    await new Promise((r) => setTimeout(r, 700));
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
    // A hub process of its own: its log line is under test too.
    const logged = await startHubProcess();
    onTestFinished(async () => void (await logged.stop()));
    const agent = await ScriptedAgent.connect(logged.url, 'flaky-host', { intervalMs: 100 });
    agent.sendSample();
    const live = await openLive(logged.port);
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
    expect(logged.output()).toMatch(/host offline hostId=flaky-host/);
    agent.stop();
    live.close();
  });

  it('closes a socket that floods subscribes with rateLimited, while another dashboard keeps its rate', async () => {
    const agent = await ScriptedAgent.connect(hub.url, 'flooded-host', { intervalMs: 100 });
    for (let i = 0; i < 600; i++) agent.sendSample();
    agent.stream();
    const calm = await openLive();
    calm.send({ type: 'subscribe', topic: 'host/flooded-host', limit: 1 });
    await calm.next((m) => m.type === 'snapshot');
    const faultsOf = async () => ((await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats).faults['rateLimited'] ?? 0;
    const before = await faultsOf();

    const flood = await openLive();
    const floodStartMs = Date.now();
    // Small snapshots keep the flood's own socket under its backpressure limit: past it, uWS drops the
    // close frame too and the client would see 1006 instead of the code (the fault is counted either way).
    for (let i = 0; i < 500; i++) flood.send({ type: 'subscribe', topic: 'host/flooded-host', limit: 1 });
    expect((await flood.closed).code).toBe(CloseCode.rateLimited);
    // The burst allowance (20 messages, refilling at 5 a second while the hub builds their snapshots)
    // was answered before the close; the rest never cost a snapshot.
    const allowance = LIVE_BUCKET_SHAPE.capacity + Math.ceil((LIVE_BUCKET_SHAPE.refillPerSec * (Date.now() - floodStartMs)) / 1000);
    expect(flood.messages.filter((m) => m.type === 'snapshot').length).toBeLessThanOrEqual(allowance);
    expect(allowance).toBeLessThan(100);
    expect(await faultsOf()).toBe(before + 1);

    const from = calm.messages.length;
    await new Promise((r) => setTimeout(r, 2000));
    const seqs = calm.messages.slice(from).filter((m) => m.type === 'sample').map((m) => (m['sample'] as { seq: number }).seq);
    // 100 ms samples for 2 s: about 20, each one after the other.
    expect(seqs.length).toBeGreaterThanOrEqual(15);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
    expect(calm.ws.readyState).toBe(calm.ws.OPEN);
    agent.stop();
    calm.close();
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
    const agent = await ScriptedAgent.connect(hub.url, 'big-host', { intervalMs: 1000 });
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
    // Its whole burst allowance of subscribes (a 21st would close it as rateLimited), 256 KiB of snapshot each.
    for (let i = 0; i < LIVE_BUCKET_SHAPE.capacity; i++) slow.send({ type: 'subscribe', topic: 'host/big-host', limit: 3600 });
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

  it('counts the frames uWS drops for a dashboard over its backpressure limit as dropped, not as delivered', async () => {
    // Samples of a wide host (1,000 cores, 250 interfaces and disks): about 150 KB each.
    const agent = await ScriptedAgent.connect(hub.url, 'wide-host', { intervalMs: 1000 });
    const wide = (seq: number) => {
      const sample = makeSample('wide-host', 'run-1', seq);
      sample.cpu.cores = Array.from({ length: 1000 }, () => sample.cpu.total);
      sample.net = Array.from({ length: 250 }, (_, i) => ({ ...sample.net[1]!, name: `eth${i}` }));
      sample.disk = Array.from({ length: 250 }, (_, i) => ({ ...sample.disk[0]!, name: `sd${i}` }));
      return { type: 'sample', sample };
    };
    const relay = await TcpRelay.start(hub.port);
    const stuck = await TestSocket.open(`ws://127.0.0.1:${relay.port}/live`);
    stuck.send({ type: 'subscribe', topic: 'host/wide-host', limit: 1 });
    await stuck.next((m) => m.type === 'snapshot');
    relay.throttle(0);
    const totals = async () => ((await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats).transports.push.totals;
    const faults = async () => ((await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats).faults['slowClientDropped'] ?? 0;
    const slowBefore = await faults();
    const before = await totals();

    // First the kernel's buffers toward the stuck dashboard fill (3 MB, paced, so no backlog builds in uWS)...
    for (let seq = 1; seq <= 20; seq++) {
      agent.socket.send(wide(seq));
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await faults()).toBe(slowBefore);
    // ...then its whole burst allowance of subscribes asks for 256 KiB snapshots in one go: uWS holds a
    // backlog past its 1 MiB limit within that one batch and drops the rest, before any sweep can run.
    for (let i = 0; i < LIVE_BUCKET_SHAPE.capacity; i++) stuck.send({ type: 'subscribe', topic: 'host/big-host', limit: 3600 });
    await expect.poll(faults, { timeout: 5000 }).toBe(slowBefore + 1);
    const after = await totals();
    // Every send is a frame or a drop, never both: the 20 samples, and a snapshot for each subscribe the hub
    // read before the sweep closed the socket (the subscribes are its only messages, counted as requests).
    const dropped = after.dropped - before.dropped;
    expect(dropped).toBeGreaterThanOrEqual(1);
    expect(after.frames - before.frames + dropped).toBe(20 + (after.requests - before.requests));
    expect(after.backpressured - before.backpressured).toBeGreaterThanOrEqual(1);
    agent.stop();
    stuck.ws.terminate();
    await relay.close();
  });
});
