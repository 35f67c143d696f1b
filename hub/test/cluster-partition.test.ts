import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsResponse, HostInfo, WebhookPayload } from '@hostpulse/protocol';
import { getJson } from '@hostpulse/testkit/hub-reads';
import type { HubProcess } from '@hostpulse/testkit/hub-process';
import { startNatsServer, type NatsServer } from '@hostpulse/testkit/nats-server';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { waitFor } from '@hostpulse/testkit/waits';
import { logTails, startClusterHubs } from './helpers/cluster-hubs.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// Two real hubs on one real nats-server, the same rules and webhook on both, and an agent
// on hub B. nats-server is SIGKILLed for 21 s: hub A, cut off, sees the host go offline,
// but it knows it is the one partitioned and must not page for a host it cannot see.
const hostId = `partition-${process.pid}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('NATS SIGKILLed for 21 s under two hubs', () => {
  let nats: NatsServer;
  let hubs: HubProcess[];
  let agent: ScriptedAgent | undefined;
  let receiver: WebhookReceiver;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-partition-'));
    receiver = await WebhookReceiver.start();
    const rules = {
      rules: [{ name: 'down', metric: 'host.offline', for: '2s' }],
      notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiver.port}/hook`, secret: 'partition-secret' }],
    };
    await writeFile(path.join(dir, 'alerts.json'), JSON.stringify(rules));
    nats = await startNatsServer();
    hubs = await startClusterHubs(nats, 2, ['--alerts-file', path.join(dir, 'alerts.json')]);
  });
  afterAll(async () => {
    agent?.stop();
    await Promise.all((hubs ?? []).map((hub) => hub.stop()));
    await nats?.destroy();
    await receiver?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const hostOn = (hub: HubProcess) => getJson<HostInfo>(hub.url, `/api/hosts/${hostId}`);
  const alertsOn = (hub: HubProcess) => getJson<AlertsResponse>(hub.url, '/api/alerts');
  const posted = () => receiver.posts.map((post) => JSON.parse(post.body) as WebhookPayload).map((p) => `${p.rule} ${p.host} ${p.state}`);

  it('the cut-off hub pages for nothing it cannot see, and holds the live host again soon after NATS returns', { timeout: 90_000 }, async () => {
    const [a, b] = hubs as [HubProcess, HubProcess];
    agent = await ScriptedAgent.connect(b.url, hostId, { intervalMs: 200 });
    agent.stream();
    await waitFor(async () => (await hostOn(a).catch(() => null))?.online === true, Boolean, { timeout: 15_000, message: 'hub A sees the host online', explain: logTails(hubs) });

    const proc = nats.proc();
    const gone = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await gone;
    await sleep(21_000);
    // Hub A shows what it sees (the host offline, its alert firing); hub B, which holds the agent, sees it online.
    expect((await hostOn(a)).online).toBe(false);
    expect((await alertsOn(a)).current.map((x) => `${x.rule} ${x.state}`)).toEqual(['down firing']);
    expect((await hostOn(b)).online).toBe(true);

    await nats.restart();
    const restartedMs = Date.now();
    const liveSeq = (await hostOn(b)).lastSeq;
    await waitFor(async () => (await hostOn(a)).lastSeq >= liveSeq, Boolean, { timeout: 20_000, message: `hub A holds the host's seq ${liveSeq}, sent as NATS came back`, explain: logTails(hubs) });
    const staleMs = Date.now() - restartedMs;
    await waitFor(async () => (await alertsOn(a)).current.length === 0, Boolean, { timeout: 10_000, message: 'the alert on hub A resolves', explain: logTails(hubs) });
    await sleep(2000);
    expect(posted(), `hub A caught up ${staleMs} ms after NATS returned`).toEqual([]);
    expect((await alertsOn(a)).deliveries).toEqual([]);
    expect((await alertsOn(b)).deliveries).toEqual([]);
  });
});
