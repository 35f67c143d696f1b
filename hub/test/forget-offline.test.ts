import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostInfo } from '@hostpulse/protocol';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { getJson, hubStats, waitForHost } from '@hostpulse/testkit/hub-reads';
import { startNatsServer, type NatsServer } from '@hostpulse/testkit/nats-server';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { waitFor } from '@hostpulse/testkit/waits';
import { logTails, startClusterHubs } from './helpers/cluster-hubs.js';

// Real hubs with --forget-offline-after and an agent that stops: the host goes offline, then is forgotten, on every hub of a cluster.
const TOKEN = 'forget-token';

describe('--forget-offline-after', () => {
  it('forgets a host once it has been offline that long, and says so beforehand on its info', { timeout: 60_000 }, async () => {
    const hostId = `forgotten-${process.pid}`;
    const hub = await startHubProcess(['--agent-token', TOKEN, '--forget-offline-after', '3s']);
    const agent = startAgentProcess(hub.url, ['--token', TOKEN, '--interval', '250', '--host-id', hostId]);
    try {
      const info = await waitForHost(hub.url, hostId, { explain: () => agent.output() });
      expect(info.forgetOfflineAfterMs).toBe(3000);
      await agent.stop();
      const offline = await waitFor(() => getJson<HostInfo>(hub.url, `/api/hosts/${hostId}`), (host) => !host.online, { timeout: 10_000, message: 'the host offline' });
      // Still listed while offline, for as long as the flag says.
      expect(offline.forgetOfflineAfterMs).toBe(3000);
      await waitFor(async () => (await fetch(`${hub.url}/api/hosts/${hostId}`)).status, (status) => status === 404, { timeout: 15_000, message: 'the host forgotten' });
      expect(Date.now() - offline.lastSeenMs).toBeGreaterThanOrEqual(3000);
      expect(hub.output()).toMatch(new RegExp(`host forgotten.*hostId=${hostId}`));
    } finally {
      await agent.stop();
      await hub.stop();
    }
  });
});

describe('--forget-offline-after in a cluster', () => {
  let nats: NatsServer;
  let hubs: HubProcess[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    hubs = await startClusterHubs(nats, 2, ['--agent-token', TOKEN, '--forget-offline-after', '3s']);
  });
  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.stop()));
    await nats?.destroy();
  });

  it('forgets the host on every hub, and a hub started afterwards does not bring it back from the stream', { timeout: 90_000 }, async () => {
    const [a, b] = hubs as [HubProcess, HubProcess];
    const explain = logTails(hubs);
    const hostId = `cluster-forgotten-${process.pid}`;
    const agent = await ScriptedAgent.connect(`ws://127.0.0.1:${a.port}`, hostId, { token: TOKEN, intervalMs: 250 });
    agent.stream();
    await waitForHost(b.url, hostId, { timeout: 15_000, explain });
    agent.stop();
    for (const hub of [a, b]) {
      await waitFor(async () => (await fetch(`${hub.url}/api/hosts/${hostId}`)).status, (status) => status === 404, { timeout: 20_000, message: `${hub.url} forgets the host`, explain });
    }
    const late = await startHubProcess(['--nats', nats.url, '--agent-token', TOKEN]);
    hubs.push(late);
    // Once it has read the whole stream (the host's hello and samples are still in it), the host is not there.
    await waitFor(() => hubStats(late.url), (stats) => stats.bus?.connected === true && (stats.bus.totals.in ?? 0) > 0 && stats.bus.backfillLagMessages === 0, { timeout: 20_000, message: 'the late hub caught up', explain: logTails([late]) });
    expect((await fetch(`${late.url}/api/hosts/${hostId}`)).status).toBe(404);
  });
});
