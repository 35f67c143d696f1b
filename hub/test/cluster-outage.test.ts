import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostInfo } from '@hostpulse/protocol';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { getJson, hubStats, oneTo, seqsOf } from '@hostpulse/testkit/hub-reads';
import { logTails, startClusterHubs } from './helpers/cluster-hubs.js';
import { waitFor } from '@hostpulse/testkit/waits';
import type { HubProcess } from '@hostpulse/testkit/hub-process';
import { startNatsServer, type NatsServer } from '@hostpulse/testkit/nats-server';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TestSocket } from '@hostpulse/testkit/test-socket';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INTERVAL_MS = 200;

describe('NATS stopped for 10 s', () => {
  let nats: NatsServer;
  let hubs: HubProcess[];
  const agents: ScriptedAgent[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    hubs = await startClusterHubs(nats, 2);
  });
  afterAll(async () => {
    for (const agent of agents) agent.stop();
    await Promise.all((hubs ?? []).map((hub) => hub.stop()));
    await nats?.destroy();
  });

  it("keeps each hub serving its own agents and dashboards, then back-fills every hub's history of every host", { timeout: 60_000 }, async () => {
    const [a, b] = hubs as [HubProcess, HubProcess];
    const ids = [`left-${process.pid}`, `right-${process.pid}`];
    agents.push(await ScriptedAgent.connect(a.url, ids[0]!, { intervalMs: INTERVAL_MS }), await ScriptedAgent.connect(b.url, ids[1]!, { intervalMs: INTERVAL_MS }));
    for (const agent of agents) agent.stream();
    await waitFor(async () => (await seqsOf(a.url, ids[1]!, 'run-1')).length > 3 && (await seqsOf(b.url, ids[0]!, 'run-1')).length > 3, Boolean, { timeout: 15_000, message: 'each hub holds the other hub\'s host' });

    await nats.stop();
    const dashboard = await TestSocket.open(`ws://127.0.0.1:${a.port}/live`);
    dashboard.send({ type: 'subscribe', topic: `host/${ids[0]}` });
    await dashboard.next((m) => m.type === 'snapshot');
    const heldAtStop = (await seqsOf(a.url, ids[0]!, 'run-1')).length;
    await sleep(10_000);
    // Local agents and dashboards were served throughout; the outage is counted and logged.
    expect((await seqsOf(a.url, ids[0]!, 'run-1')).length).toBeGreaterThan(heldAtStop + 30);
    expect(dashboard.messages.filter((m) => m.type === 'sample').length).toBeGreaterThan(30);
    const down = await hubStats(a.url);
    expect(down.bus?.connected).toBe(false);
    expect(down.faults['bus']).toBeGreaterThan(0);
    expect(down.bus?.outboxMessages).toBeGreaterThan(30);
    expect(a.output()).toMatch(/fault kind=bus /);
    // The other hub's host is seen as offline here while nothing comes from it.
    expect((await getJson<HostInfo>(a.url, `/api/hosts/${ids[1]}`)).online).toBe(false);

    await nats.restart();
    await Promise.all(hubs.map((hub) => hub.waitForOutput(/bus reconnected/, 15_000)));
    const last = agents.map((agent) => agent.sendSample());
    for (const hub of hubs) {
      for (const [i, hostId] of ids.entries()) {
        await waitFor(async () => (await seqsOf(hub.url, hostId, 'run-1')).length >= last[i]!, Boolean, { timeout: 20_000, message: `${hub.url} holds ${hostId} 1..${last[i]}`, explain: logTails(hubs) });
        expect((await seqsOf(hub.url, hostId, 'run-1')).slice(0, last[i])).toEqual(oneTo(last[i]!));
      }
    }
    expect((await getJson<HostInfo>(a.url, `/api/hosts/${ids[1]}`)).online).toBe(true);
    const up = await hubStats(a.url);
    expect(up.bus?.connected).toBe(true);
    expect(up.bus?.outboxMessages).toBeLessThan(5);
    dashboard.close();
  });
});

describe('a hub that stops answering without closing anything (SIGSTOP)', () => {
  let nats: NatsServer;
  let hubs: HubProcess[];
  let agent: Child | undefined;

  beforeAll(async () => {
    nats = await startNatsServer();
    hubs = await startClusterHubs(nats, 2);
  });
  afterAll(async () => {
    await agent?.stop();
    hubs?.[0]?.proc.kill('SIGCONT');
    await Promise.all((hubs ?? []).map((hub) => hub.stop('SIGKILL')));
    await nats?.destroy();
  });

  it('loses its agent to the next hub of the list once a ping goes unanswered, and the run goes on there with no gap', { timeout: 60_000 }, async () => {
    const [a, b] = hubs as [HubProcess, HubProcess];
    const hostId = `frozen-${process.pid}`;
    agent = startAgentProcess(a.url, ['--hub', `ws://127.0.0.1:${a.port},ws://127.0.0.1:${b.port}`, '--interval', '250', '--ping-interval', '1s', '--host-id', hostId]);
    await waitFor(async () => ((await getJson<HostInfo>(b.url, `/api/hosts/${hostId}`).catch(() => null))?.lastSeq ?? 0) > 4, Boolean, { timeout: 15_000, message: 'hub B holds samples of the host' });
    const { runId } = await getJson<HostInfo>(b.url, `/api/hosts/${hostId}`);
    a.proc.kill('SIGSTOP');
    await waitFor(async () => (await getJson<HostInfo>(b.url, `/api/hosts/${hostId}`)).connected, Boolean, { timeout: 20_000, message: 'the agent is connected to hub B' });
    expect(agent.output()).toMatch(/no answer to ping within 1000 ms/);
    const lastSeq = (await getJson<HostInfo>(b.url, `/api/hosts/${hostId}`)).lastSeq;
    await waitFor(async () => (await getJson<HostInfo>(b.url, `/api/hosts/${hostId}`)).lastSeq > lastSeq + 4, Boolean, { timeout: 15_000, message: 'the run grows on hub B' });
    const held = await seqsOf(b.url, hostId, runId);
    expect(held).toEqual(oneTo(held.length));
  });
});

describe('a hub with a data dir SIGKILLed and started again', () => {
  let nats: NatsServer;
  let hubs: HubProcess[] = [];
  let dataDir: string;
  let agent: ScriptedAgent | undefined;

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = mkdtempSync(join(tmpdir(), 'hostpulse-cluster-data-'));
    hubs = await startClusterHubs(nats, 1);
    hubs.push(...(await startClusterHubs(nats, 1, ['--data-dir', dataDir])));
  });
  afterAll(async () => {
    agent?.stop();
    await Promise.all(hubs.map((hub) => hub.stop()));
    await nats?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("holds every sample of another hub's host again, including what it had read but not yet written to disk", { timeout: 60_000 }, async () => {
    const [a, b] = hubs as [HubProcess, HubProcess];
    const hostId = `restarted-${process.pid}`;
    agent = await ScriptedAgent.connect(a.url, hostId, { intervalMs: INTERVAL_MS });
    agent.stream();
    await waitFor(async () => (await seqsOf(b.url, hostId, 'run-1')).length >= 20, Boolean, { timeout: 15_000, message: 'hub B holds 20 samples' });
    await b.stop('SIGKILL');
    await sleep(2000);
    const again = (await startClusterHubs(nats, 1, ['--data-dir', dataDir]))[0]!;
    hubs.push(again);
    const last = agent.sendSample();
    await waitFor(async () => (await seqsOf(again.url, hostId, 'run-1')).length >= last, Boolean, { timeout: 20_000, message: `the restarted hub holds 1..${last}`, explain: logTails([a, again]) });
    expect((await seqsOf(again.url, hostId, 'run-1')).slice(0, last)).toEqual(oneTo(last));
  });
});
