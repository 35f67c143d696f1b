import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostInfo, OverviewResponse } from '@hostpulse/protocol';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { getJson, waitForHost } from '@hostpulse/testkit/hub-reads';
import { startNatsServer, type NatsServer } from '@hostpulse/testkit/nats-server';
import { freePort } from '@hostpulse/testkit/ports';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { waitFor } from '@hostpulse/testkit/waits';
import { logTails, startClusterHubs } from './helpers/cluster-hubs.js';

// Display names through the admin API, on real hub processes: kept across a restart, and carried to every hub of a cluster.
const ADMIN = 'names-admin-token';
const AGENT = 'names-agent-token';
const admin = { Authorization: `Bearer ${ADMIN}` };

/** POSTs a display name (null takes it away) and returns the status and body. */
async function nameHost(url: string, hostId: string, displayName: string | null, headers: Record<string, string> = admin): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/api/hosts/${hostId}/name`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ displayName }) });
  return { status: res.status, body: await res.json() };
}

/** The display name a hub's overview shows for a host ('' for none), or undefined when the host is not there. */
async function overviewName(url: string, hostId: string): Promise<string | undefined> {
  const overview = await getJson<OverviewResponse>(url, '/api/overview');
  const host = overview.hosts.find((h) => h.hostId === hostId);
  return host && (host.displayName ?? '');
}

describe('display names', () => {
  it('a name given through the admin API is shown on the overview and outlives a hub restart', { timeout: 60_000 }, async () => {
    const hostId = `named-${process.pid}`;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hostpulse-names-'));
    const port = await freePort();
    const args = ['--data-dir', dataDir, '--admin-token', ADMIN, '--agent-token', AGENT];
    let hub = await startHubProcess(args, { port });
    const agent = await ScriptedAgent.connect(`ws://127.0.0.1:${port}`, hostId, { token: AGENT });
    try {
      agent.sendSample();
      await waitForHost(hub.url, hostId);
      expect(await nameHost(hub.url, hostId, 'front door', {})).toMatchObject({ status: 401 });
      expect(await nameHost(hub.url, hostId, 'two\nlines')).toMatchObject({ status: 400, body: { error: { field: 'displayName' } } });
      expect(await nameHost(hub.url, 'no-such-host', 'x')).toMatchObject({ status: 404 });
      expect(await nameHost(hub.url, hostId, '  front door  ')).toMatchObject({ status: 200, body: { hostId, displayName: 'front door' } });
      expect(await overviewName(hub.url, hostId)).toBe('front door');

      agent.stop();
      expect(await hub.stop('SIGTERM')).toBe(0);
      hub = await startHubProcess(args, { port });
      expect((await getJson<HostInfo>(hub.url, `/api/hosts/${hostId}`)).displayName).toBe('front door');
      expect(await overviewName(hub.url, hostId)).toBe('front door');

      // Null takes the name away, and that is kept too.
      expect(await nameHost(hub.url, hostId, null)).toMatchObject({ status: 200 });
      expect(await overviewName(hub.url, hostId)).toBe('');
      expect(await hub.stop('SIGTERM')).toBe(0);
      hub = await startHubProcess(args, { port });
      expect(await overviewName(hub.url, hostId)).toBe('');
    } finally {
      agent.stop();
      await hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('display names and deletions in a cluster', () => {
  let nats: NatsServer;
  let hubs: HubProcess[];
  let late: HubProcess | undefined;

  beforeAll(async () => {
    nats = await startNatsServer();
    hubs = await startClusterHubs(nats, 2, ['--admin-token', ADMIN, '--agent-token', AGENT]);
  });
  afterAll(async () => {
    await Promise.all([...(hubs ?? []), ...(late ? [late] : [])].map((hub) => hub.stop()));
    await nats?.destroy();
  });

  it('a name given on one hub reaches the other, and a hub started later; a host deleted on one hub is gone from all', { timeout: 90_000 }, async () => {
    const [a, b] = hubs as [HubProcess, HubProcess];
    const explain = logTails(hubs);
    const hostId = `cluster-named-${process.pid}`;
    const agent = await ScriptedAgent.connect(`ws://127.0.0.1:${a.port}`, hostId, { token: AGENT, intervalMs: 250 });
    agent.stream();
    await waitForHost(b.url, hostId, { timeout: 15_000, explain });

    // Named through hub B, which does not hold the host's agent.
    expect(await nameHost(b.url, hostId, 'billing db')).toMatchObject({ status: 200 });
    await waitFor(() => overviewName(a.url, hostId), (name) => name === 'billing db', { timeout: 10_000, message: 'hub A shows the name given on hub B', explain });

    late = await startHubProcess(['--nats', nats.url, '--admin-token', ADMIN, '--agent-token', AGENT]);
    await waitFor(() => overviewName(late!.url, hostId), (name) => name === 'billing db', { timeout: 15_000, message: 'a hub started later shows the name', explain: logTails([late]) });

    expect(await nameHost(a.url, hostId, null)).toMatchObject({ status: 200 });
    await waitFor(() => overviewName(b.url, hostId), (name) => name === '', { timeout: 10_000, message: 'hub B drops the name taken away on hub A', explain });

    // Deleting needs the host offline; once deleted on B it is gone from A and from the late hub.
    agent.stop();
    await waitFor(() => getJson<HostInfo>(b.url, `/api/hosts/${hostId}`), (info) => !info.online, { timeout: 15_000, message: 'hub B sees the host offline', explain });
    expect((await fetch(`${b.url}/api/hosts/${hostId}`, { method: 'DELETE', headers: admin })).status).toBe(204);
    for (const hub of [a, late]) {
      await waitFor(async () => (await fetch(`${hub.url}/api/hosts/${hostId}`)).status, (status) => status === 404, { timeout: 10_000, message: `${hub.url} forgets the host deleted on hub B`, explain });
    }
  });
});
