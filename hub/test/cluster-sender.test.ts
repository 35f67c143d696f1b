import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sample, WebhookPayload } from '@hostpulse/protocol';
import { hubStats } from '@hostpulse/testkit/hub-reads';
import type { HubProcess } from '@hostpulse/testkit/hub-process';
import { startNatsServer, type NatsServer } from '@hostpulse/testkit/nats-server';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TcpRelay } from '@hostpulse/testkit/tcp-relay';
import { waitFor } from '@hostpulse/testkit/waits';
import { logTails, startClusterHubs } from './helpers/cluster-hubs.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// Two real hubs on one real nats-server, hub B through a TCP relay the test cuts for
// 22 s, two agents on each hub, one webhook. Hub B holds the sender lease when the link
// goes; during the cut a host of each hub leaves and comes back and a CPU alert fires
// and clears on hub B's side, and hub A, which no longer hears hub B, takes hub B's
// hosts for offline. After the link returns each state change must have reached the
// receiver once: none twice, none lost.
const host = (name: string) => `sender-${name}-${process.pid}`;
const [A1, A2, B1, B2] = ['a1', 'a2', 'b1', 'b2'].map(host) as [string, string, string, string];
const CUT_MS = 22_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BUSY = { userPct: 95, systemPct: 3, iowaitPct: 0, stealPct: 0, idlePct: 2 };

describe('the one sending hub across a NATS partition and its healing', () => {
  let nats: NatsServer;
  let relay: TcpRelay;
  let a: HubProcess;
  let b: HubProcess;
  let receiver: WebhookReceiver;
  let dir: string;
  const agents: ScriptedAgent[] = [];
  const busy = new Set<string>([A1]);

  const connect = async (hub: HubProcess, hostId: string) => {
    const agent = await ScriptedAgent.connect(hub.url, hostId, { intervalMs: 250, shape: (sample: Sample) => void (busy.has(hostId) && (sample.cpu.total = BUSY)) });
    agent.stream();
    agents.push(agent);
    return agent;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-sender-'));
    receiver = await WebhookReceiver.start();
    const rules = {
      rules: [
        { name: 'cpu', metric: 'cpu.busyPct', op: '>', threshold: 90, for: '1s', clearFor: '1s' },
        { name: 'down', metric: 'host.offline', for: '5s' },
      ],
      notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiver.port}/hook`, secret: 'sender-secret' }],
    };
    await writeFile(path.join(dir, 'alerts.json'), JSON.stringify(rules));
    nats = await startNatsServer();
    relay = await TcpRelay.start(nats.port);
    const args = ['--alerts-file', path.join(dir, 'alerts.json')];
    // Hub B starts first, so it takes the sender lease.
    [b] = (await startClusterHubs(nats, 1, args, `nats://127.0.0.1:${relay.port}`)) as [HubProcess];
    await waitFor(async () => (await hubStats(b.url)).bus?.sending, Boolean, { timeout: 15_000, message: 'hub B holds the sender lease', explain: logTails([b]) });
    [a] = (await startClusterHubs(nats, 1, args)) as [HubProcess];
  }, 60_000);
  afterAll(async () => {
    for (const agent of agents) agent.stop();
    await Promise.all([a?.stop(), b?.stop()]);
    await relay?.close();
    await nats?.destroy();
    await receiver?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const payloads = () => receiver.posts.map((post) => ({ id: String(post.headers['x-hostpulse-delivery']), receivedMs: post.receivedMs, payload: JSON.parse(post.body) as WebhookPayload }));
  const changes = () => payloads().map(({ payload: p }) => `${p.rule} ${p.host} ${p.state}`);

  it('delivers every state change once, some late, none twice and none lost', { timeout: 150_000 }, async () => {
    await connect(a, A1);
    const a2 = await connect(a, A2);
    await connect(b, B1);
    const b2 = await connect(b, B2);
    await waitFor(changes, (c) => c.includes(`cpu ${A1} firing`), { timeout: 20_000, message: "hub B sends a1's CPU alert", explain: logTails([a, b]) });
    expect((await hubStats(a.url)).bus?.sending).toBe(false);

    relay.refuse();
    const cutMs = Date.now();
    await sleep(1000);
    a2.stop();
    b2.stop();
    busy.add(B1);
    // Watch who sends, every 100 ms, for the whole cut.
    const watched: { tMs: number; a: boolean; b: boolean }[] = [];
    while (Date.now() - cutMs < 14_000) {
      const [sa, sb] = await Promise.all([hubStats(a.url), hubStats(b.url)]);
      watched.push({ tMs: Date.now() - cutMs, a: sa.bus?.sending === true, b: sb.bus?.sending === true });
      await sleep(100);
    }
    busy.delete(B1);
    await connect(a, A2);
    await connect(b, B2);
    await sleep(CUT_MS - (Date.now() - cutMs));
    relay.forward();
    const healMs = Date.now();

    const expected = [
      `cpu ${A1} firing`,
      ...[A2, B1, B2].flatMap((id) => [`down ${id} firing`, `down ${id} resolved`]),
      `cpu ${B1} firing`,
      `cpu ${B1} resolved`,
    ].sort();
    await waitFor(changes, (c) => expected.every((x) => c.includes(x)), { timeout: 30_000, message: 'every state change delivered', explain: () => `${changes().join('\n')}\n${logTails([a, b])()}` });
    // Time for a second copy of anything, were one to come.
    await sleep(5000);

    const byId = new Map<string, number>();
    for (const { id } of payloads()) byId.set(id, (byId.get(id) ?? 0) + 1);
    const sent = changes();
    const duplicates = sent.length - new Set(sent).size;
    const lost = expected.filter((x) => !sent.includes(x));
    const late = payloads()
      .filter(({ receivedMs }) => receivedMs > cutMs)
      .map(({ payload: p, receivedMs }) => {
        const atMs = Date.parse(p.state === 'firing' ? p.startsAt : p.endsAt!);
        return `${p.rule} ${p.host} ${p.state}: happened ${atMs - cutMs} ms after the cut, delivered ${receivedMs - atMs} ms later`;
      });
    const bStoppedMs = watched.find((w) => !w.b)?.tMs;
    const aTookMs = watched.find((w) => w.a)?.tMs;
    console.log([
      `transitions expected ${expected.length}, sent ${sent.length}, duplicates ${duplicates}, lost ${lost.length}`,
      `hub B stopped sending ${bStoppedMs} ms after the cut, hub A took the lease ${aTookMs} ms after it; both sending in ${watched.filter((w) => w.a && w.b).length} of ${watched.length} looks; link back after ${healMs - cutMs} ms`,
      ...late,
    ].join('\n'));

    expect([...byId.values()].every((count) => count === 1), 'a delivery id came twice').toBe(true);
    expect(sent.sort()).toEqual(expected);
    expect(watched.some((w) => w.a && w.b), 'both hubs held the sender lease at once').toBe(false);
    expect(aTookMs, 'hub A took the sender lease during the cut').toBeDefined();
    expect(a.output() + b.output(), 'a hub failed to hand a state change over').not.toMatch(/op=(read )?alert handover/);
  });
});
