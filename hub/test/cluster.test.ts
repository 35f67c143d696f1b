import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { CloseCode, busSubject, type HostInfo, type HostSample } from '@hostpulse/protocol';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { getJson, hubStats, seqsOf } from '@hostpulse/testkit/hub-reads';
import { logTails, startClusterHubs } from './helpers/cluster-hubs.js';
import { waitFor } from '@hostpulse/testkit/waits';
import type { HubProcess } from '@hostpulse/testkit/hub-process';
import { startNatsServer, type NatsServer } from '@hostpulse/testkit/nats-server';
import { makeHello, makeSample } from '@hostpulse/testkit/samples';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TestSocket } from '@hostpulse/testkit/test-socket';

// Three real hubs on one real nats-server (JetStream), a real agent on hub A, a dashboard on hub C.
const INTERVAL_MS = 250;
const hostId = `cluster-${process.pid}`;
// A nats-server with no accounts accepts any credentials: enough to see that none is ever shown.
const NATS_PASSWORD = 'bus-s3cret-pw';

/** Checks that `seqs` run one by one from their first: no gap, no duplicate. */
function expectContiguous(seqs: number[]): void {
  expect(seqs.length).toBeGreaterThan(0);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
}

describe('three hubs on one NATS', () => {
  let nats: NatsServer;
  let hubs: HubProcess[];
  let agent: Child;
  let dashboard: TestSocket;

  beforeAll(async () => {
    nats = await startNatsServer();
    hubs = await startClusterHubs(nats, 3, [], nats.url.replace('nats://', `nats://hub:${NATS_PASSWORD}@`));
  });
  afterAll(async () => {
    dashboard?.close();
    await agent?.stop();
    await Promise.all((hubs ?? []).map((hub) => hub.stop()));
    await nats?.destroy();
  });

  it("serves every sample of an agent on hub A to a dashboard on hub C, with no gap and no duplicate, and each hub's figures show the bus", async () => {
    const [a, b, c] = hubs;
    agent = startAgentProcess(a!.url, ['--hub', `ws://127.0.0.1:${a!.port},ws://127.0.0.1:${b!.port}`, '--interval', String(INTERVAL_MS), '--host-id', hostId, '--ping-interval', '2s']);
    await waitFor(async () => (await fetch(`${c!.url}/api/hosts/${hostId}`)).ok, Boolean, { timeout: 15_000, message: 'hub C knows the host' });
    dashboard = await TestSocket.open(`ws://127.0.0.1:${c!.port}/live`);
    dashboard.send({ type: 'subscribe', topic: `host/${hostId}` });
    const snapshot = await dashboard.next((m) => m.type === 'snapshot');
    const frames = await dashboard.collect((m) => m.type === 'sample', 12);
    const samples = frames.map((m) => m['sample'] as HostSample);
    const firstSnapshot = (snapshot['samples'] as HostSample[]).map((s) => s.seq);
    expectContiguous([...firstSnapshot, ...samples.map((s) => s.seq)]);
    // The replica keeps the receiving hub's clock: hubRxMs is when hub A took the sample.
    for (const sample of samples) expect(sample.hubRxMs).toBeGreaterThanOrEqual(sample.tsMs - 1000);

    // Hub C serves the host by polling, on the overview and at /metrics too, as a host it does not hold.
    const info = await getJson<HostInfo>(c!.url, `/api/hosts/${hostId}`);
    expect(info).toMatchObject({ online: true, connected: false, intervalMs: INTERVAL_MS });
    expect((await getJson<HostInfo>(a!.url, `/api/hosts/${hostId}`)).connected).toBe(true);
    const overview = await getJson<{ hosts: { hostId: string; online: boolean }[] }>(c!.url, '/api/overview');
    expect(overview.hosts.find((h) => h.hostId === hostId)?.online).toBe(true);
    expect(await (await fetch(`${c!.url}/metrics`)).text()).toMatch(new RegExp(`hostpulse_host_online\\{host="${hostId}"\\} 1`));

    const statsA = await hubStats(a!.url);
    const statsC = await hubStats(c!.url);
    expect(statsA.agents.connected).toBe(1);
    expect(statsC.agents.connected).toBe(0);
    expect(statsA.bus?.totals.out).toBeGreaterThan(10);
    expect(statsC.bus?.totals.samplesStored).toBeGreaterThan(10);
    expect(statsC.bus?.connected).toBe(true);
    expect(statsC.bus?.servers).toEqual([nats.url]);
    for (const hub of hubs) expect(hub.output()).not.toContain(NATS_PASSWORD);
    expect(JSON.stringify(statsC)).not.toContain(NATS_PASSWORD);
    expect(statsC.bus?.peers.map((p) => p.name).sort()).toEqual([`127.0.0.1:${a!.port}`, `127.0.0.1:${b!.port}`].sort());
    const metrics = await (await fetch(`${c!.url}/metrics`)).text();
    expect(metrics).toMatch(/hostpulse_hub_bus_messages_total\{direction="in"\} [1-9]/);
    expect(metrics).toMatch(/hostpulse_hub_bus_peers 2/);
  });

  it('keeps the run going on hub C with no gap and no duplicate when hub A is SIGKILLed: the agent moves to hub B', { timeout: 60_000 }, async () => {
    const [a, b, c] = hubs;
    const runId = (await getJson<HostInfo>(c!.url, `/api/hosts/${hostId}`)).runId;
    const from = dashboard.messages.length;
    await a!.stop('SIGKILL');
    await waitFor(async () => (await getJson<HostInfo>(b!.url, `/api/hosts/${hostId}`)).connected, Boolean, { timeout: 20_000, message: 'the agent is connected to hub B' });
    const lastBefore = Math.max(...dashboard.messages.slice(0, from).filter((m) => m.type === 'sample').map((m) => (m['sample'] as HostSample).seq));
    // Samples keep coming on C after the move.
    await dashboard.next((m) => m.type === 'sample' && (m['sample'] as HostSample).seq > lastBefore + 12, { from, timeoutMs: 20_000 });
    const seqs = dashboard.messages.filter((m) => m.type === 'sample').map((m) => (m['sample'] as HostSample).seq);
    expectContiguous(seqs);
    expect(dashboard.messages.slice(from).every((m) => m.type !== 'sample' || (m['sample'] as HostSample).runId === runId)).toBe(true);
    // Every hub still standing holds the whole run.
    for (const hub of [b!, c!]) {
      const held = await seqsOf(hub.url, hostId, runId);
      expect(held).toEqual(Array.from({ length: held.length }, (_, i) => i + 1));
    }
    expect(b!.output()).toMatch(new RegExp(`agent connected hostId=${hostId}`));
  });

  it('drops a forged bus message (bad schema) and counts it on every hub, which keep serving', async () => {
    const [, b, c] = hubs;
    const before = [(await hubStats(b!.url)).faults['busInvalid'], (await hubStats(c!.url)).faults['busInvalid']];
    const nc = await connect({ servers: nats.url });
    nc.publish(busSubject('sample', hostId), JSON.stringify({ type: 'sample', hubId: 'forger', sample: { hostId, seq: -1 } }));
    nc.publish(busSubject('hub', 'forger'), 'not json');
    await nc.flush();
    await nc.close();
    await waitFor(async () => (await hubStats(b!.url)).faults['busInvalid'] === before[0]! + 2 && (await hubStats(c!.url)).faults['busInvalid'] === before[1]! + 2, Boolean, { timeout: 15_000, message: 'hubs B and C counted both' });
    expect(c!.output()).toMatch(/fault kind=busInvalid/);
    expect((await getJson<HostInfo>(c!.url, `/api/hosts/${hostId}`)).online).toBe(true);
  });

  it('refuses the same host id on another hub with another run with 4409, cluster-wide', async () => {
    const [, b, c] = hubs;
    const first = await ScriptedAgent.connect(b!.url, `twin-${process.pid}`, { runId: 'run-first', intervalMs: 200 });
    first.stream();
    await waitFor(async () => (await seqsOf(c!.url, `twin-${process.pid}`, 'run-first')).length > 3, Boolean, { timeout: 15_000, message: 'hub C sees the first run' });
    const second = await TestSocket.open(`ws://127.0.0.1:${c!.port}/agent`);
    second.send(makeHello(`twin-${process.pid}`, 'run-second', 200));
    expect(await second.closed).toMatchObject({ code: CloseCode.hostIdConflict });
    expect(c!.output()).toMatch(/fault kind=hostIdConflict .*streams to hub 127\.0\.0\.1:\d+ with another run/);
    // The first run goes on.
    const before = (await seqsOf(c!.url, `twin-${process.pid}`, 'run-first')).length;
    await waitFor(async () => (await seqsOf(c!.url, `twin-${process.pid}`, 'run-first')).length > before + 2, Boolean, { timeout: 15_000, message: 'the first run still grows on C' });
    // Once the hub holding the first run dies, its lease is void as soon as its heartbeats stop: a new run is taken.
    first.stop();
    await b!.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    const twin = `twin-${process.pid}`;
    const tryHello = async (): Promise<TestSocket | null> => {
      const socket = await TestSocket.open(`ws://127.0.0.1:${c!.port}/agent`);
      socket.send(makeHello(twin, 'run-second', 200));
      const welcomed = socket.next((m) => m.type === 'welcome').then(() => true, () => false);
      return (await Promise.race([welcomed, socket.closed.then(() => false)])) ? socket : null;
    };
    let taken: TestSocket | null = null;
    await waitFor(async () => (taken = await tryHello()) !== null, Boolean, { timeout: 20_000, message: 'hub C takes the second run' });
    taken!.send({ type: 'sample', sample: makeSample(twin, 'run-second', 1) });
    await waitFor(async () => (await seqsOf(c!.url, twin, 'run-second')).length === 1, Boolean, { timeout: 15_000, message: 'the second run is stored on C', explain: logTails([c!]) });
    taken!.close();
  });
});
