import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsResponse, WebhookPayload } from '@hostpulse/protocol';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { getJson, hubStats } from '@hostpulse/testkit/hub-reads';
import { logTails, startClusterHubs } from './helpers/cluster-hubs.js';
import { waitFor } from '@hostpulse/testkit/waits';
import type { HubProcess } from '@hostpulse/testkit/hub-process';
import { startNatsServer, type NatsServer } from '@hostpulse/testkit/nats-server';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// Two real hubs on one real nats-server, both with the same rules and webhook, a real
// agent on hub A: both hubs evaluate and show the host's alerts, the sending hub delivers them.
const hostId = `cluster-alerts-${process.pid}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('alerts from two hubs on one NATS', () => {
  let nats: NatsServer;
  let hubs: HubProcess[];
  let agent: Child;
  let receiver: WebhookReceiver;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-cluster-alerts-'));
    receiver = await WebhookReceiver.start();
    const rules = {
      rules: [
        { name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '1s' },
        { name: 'down', metric: 'host.offline' },
      ],
      notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiver.port}/hook`, secret: 'cluster-secret' }],
    };
    await writeFile(path.join(dir, 'alerts.json'), JSON.stringify(rules));
    nats = await startNatsServer();
    hubs = await startClusterHubs(nats, 2, ['--alerts-file', path.join(dir, 'alerts.json')]);
  });
  afterAll(async () => {
    await agent?.stop();
    await Promise.all((hubs ?? []).map((hub) => hub.stop()));
    await nats?.destroy();
    await receiver?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const alertsOf = (hub: HubProcess) => getJson<AlertsResponse>(hub.url, '/api/alerts');
  const posted = () => receiver.posts.map((post) => JSON.parse(post.body) as WebhookPayload).map((p) => `${p.rule} ${p.host} ${p.state}`);

  it('delivers each state change once, from the sending hub, while both hubs show the alert', async () => {
    const [a, b] = hubs;
    agent = startAgentProcess(a!.url, ['--interval', '250', '--host-id', hostId]);
    const firingOn = async (hub: HubProcess, rule: string) => (await alertsOf(hub)).current.some((x) => x.rule === rule && x.hostId === hostId && x.state === 'firing');
    await waitFor(async () => (await firingOn(a!, 'cpu-any')) && (await firingOn(b!, 'cpu-any')), Boolean, { timeout: 15_000, message: 'cpu-any fires on both hubs', explain: logTails(hubs) });
    await waitFor(() => posted().length > 0, Boolean, { timeout: 10_000, message: 'the firing alert is delivered', explain: logTails(hubs) });

    // The agent leaves: hub A, still alive, delivers host.offline; hub B shows it too.
    await agent.stop('SIGTERM');
    await waitFor(async () => (await firingOn(a!, 'down')) && (await firingOn(b!, 'down')), Boolean, { timeout: 15_000, message: 'down fires on both hubs', explain: logTails(hubs) });
    await waitFor(() => posted().includes(`down ${hostId} firing`), Boolean, { timeout: 10_000, message: 'the offline alert is delivered', explain: logTails(hubs) });
    // Time for a second hub's POSTs, were it to send any.
    await sleep(3000);
    expect(posted()).toEqual([`cpu-any ${hostId} firing`, `down ${hostId} firing`]);
    // The hub holding the sender lease sent both; the other none.
    const [sender, other] = (await hubStats(a!.url)).bus?.sending ? [a!, b!] : [b!, a!];
    expect((await hubStats(sender.url)).bus?.sending).toBe(true);
    expect((await alertsOf(sender)).deliveries.map((d) => d.outcome)).toEqual(['delivered', 'delivered']);
    expect((await alertsOf(other)).deliveries).toEqual([]);
  });
});
