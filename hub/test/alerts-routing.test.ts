import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '@hostpulse/testkit/ports';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, payloadOf, SECRET, startHub, tempDir } from './helpers/alert-rig.js';
import { WebhookReceiver, type ReceivedPost } from './helpers/webhook-receiver.js';

// A real hub, four agents speaking the real protocol over its WebSocket, and one loopback
// receiver behind three notifiers: an ntfy channel and a signed webhook take the critical
// alerts, a Slack channel the warnings. The four hosts go offline together and come back
// together; the warning stays firing and is told again each repeat interval.
const hosts = ['a', 'b', 'c', 'd'].map((h) => `route-${process.pid}-${h}`);
const [first] = hosts as [string];

/** The rules file: `down` (critical) on every host, `cpu-any` (warning) on the first; routes by severity. */
function rules(port: number) {
  const at = `127.0.0.1:${port}`;
  return {
    rules: [
      { name: 'down', metric: 'host.offline' },
      { name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '1s', severity: 'warning', hosts: { ids: [first] } },
    ],
    notifiers: [
      { name: 'pager', url: `ntfy://${at}/pager?scheme=http` },
      { name: 'hook', type: 'webhook', url: `http://${at}/hook`, secret: SECRET },
      { name: 'chat', url: `slack://T1/B2/C3?host=${at}&disabletls=yes` },
    ],
    // The pager's grouping window is the default, 10 s.
    routes: [
      { severity: 'critical', notify: ['pager', 'hook'] },
      { severity: 'warning', notify: ['chat'], groupWait: '0s', repeatInterval: '3s' },
    ],
  };
}

const json = (post: ReceivedPost) => JSON.parse(post.body) as Record<string, any>;
/** The hosts a group's title names, sorted. */
const hostsIn = (title: string) => title.slice(title.indexOf(' on ') + 4).split(', ').sort();

describe('alert routing, grouping and repeats through a real hub', () => {
  it('sends several hosts going offline together as one message per channel, critical and warning to their own channels, and repeats a firing alert', async () => {
    const dir = await tempDir();
    const receiver = await WebhookReceiver.start();
    onTestFinished(() => receiver.stop());
    await writeFile(path.join(dir, 'alerts.json'), JSON.stringify(rules(receiver.port)));
    const hub = await startHub(['--alerts-file', path.join(dir, 'alerts.json'), '--public-url', 'https://hub.example.com']);
    const connect = async () => {
      const agents = await Promise.all(hosts.map((hostId) => ScriptedAgent.connect(hub.url, hostId, { intervalMs: 1000 })));
      for (const agent of agents) agent.stream();
      return agents;
    };
    let agents = await connect();
    onTestFinished(() => agents.forEach((agent) => agent.stop()));
    const ntfy = () => receiver.posts.filter((p) => p.path === '/').map(json);
    const slack = () => receiver.posts.filter((p) => p.path.startsWith('/services/')).map(json);
    const hook = () => receiver.posts.filter((p) => p.path === '/hook').map(payloadOf);

    // The warning reaches the chat at once (its route's window is 0 s), then again every 3 s.
    await waitFor(slack, (posts) => posts.length >= 3, { timeout: 20_000, message: 'the warning and two repeats in the chat' });
    expect(slack().map((m) => m.text)).toEqual(Array(slack().length).fill(`[FIRING] cpu-any on ${first}`));

    for (const agent of agents) agent.stop();
    await waitFor(() => alertsOf(hub), (a) => a.deliveries.filter((d) => d.notifier === 'pager' && d.state === 'firing' && d.outcome === 'delivered').length === 4, { timeout: 30_000, message: 'the four firings delivered to the pager' });
    expect(ntfy()).toHaveLength(1);
    const [offline] = ntfy();
    // The hosts in the order the hub saw them go.
    expect(offline).toMatchObject({ topic: 'pager', title: expect.stringMatching(/^\[FIRING\] 4 alerts: down on /), priority: 5, click: 'https://hub.example.com/#/alerts' });
    expect(hostsIn(offline!.title)).toEqual(hosts);
    const lines = offline!.message.split('\n');
    expect(lines.slice(0, 4).sort()).toEqual(hosts.map((h) => `${h}: offline [down, critical]`));
    expect(lines.slice(4)).toEqual(['Dashboard: https://hub.example.com/#/alerts']);
    // The signed webhook keeps one request per alert.
    await waitFor(hook, (posts) => posts.length === 4, { timeout: 10_000, message: 'one webhook per offline host' });
    expect(hook().map((p) => `${p.host} ${p.state}`).sort()).toEqual(hosts.map((h) => `${h} firing`));

    agents = await connect();
    await waitFor(ntfy, (posts) => posts.length === 2, { timeout: 30_000, message: 'the resolutions to the pager' });
    expect(ntfy()[1]).toMatchObject({ title: expect.stringMatching(/^\[RESOLVED\] 4 alerts: down on /), priority: 3 });
    expect(hostsIn(ntfy()[1]!.title)).toEqual(hosts);
    const deliveries = (await alertsOf(hub)).deliveries.filter((d) => d.notifier === 'pager' && d.state === 'resolved');
    expect(deliveries.map((d) => d.hostId).sort()).toEqual(hosts);
    expect(new Set(deliveries.map((d) => d.groupId)).size).toBe(1);
    expect(deliveries[0]!.groupId).toMatch(/^[0-9a-f]{32}$/);

    // Critical never went to the chat, nor the warning to the pager or the webhook.
    expect(slack().every((m) => m.text === `[FIRING] cpu-any on ${first}`)).toBe(true);
    expect(JSON.stringify([ntfy(), hook()])).not.toContain('cpu-any');
  }, 90_000);

  it('sends a group queued when the hub was SIGKILLed after it restarts, once, as the same Matrix message', { timeout: 90_000 }, async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'alerts.json');
    const [receiverPort, hubPort] = [await freePort(), await freePort()];
    const killed = hosts.slice(0, 3).map((h) => `${h}-kill`);
    await writeFile(file, JSON.stringify({
      rules: [{ name: 'down', metric: 'host.offline' }],
      notifiers: [{ name: 'room', url: `matrix://:syt_tok@127.0.0.1:${receiverPort}/?rooms=!ops:example.org&disabletls=yes` }],
      groupWait: '5s',
    }));
    const args = ['--alerts-file', file, '--data-dir', path.join(dir, 'data'), '--agent-token', 'route-agent-token'];
    const first = await startHub(args, hubPort);
    const agents = await Promise.all(killed.map((hostId) => ScriptedAgent.connect(first.url, hostId, { intervalMs: 1000, token: 'route-agent-token' })));
    for (const agent of agents) agent.stream();
    await new Promise((r) => setTimeout(r, 1500));
    for (const agent of agents) agent.stop();

    // Nothing listens on the receiver's port yet: the group fails and waits to be retried.
    const queued = await waitFor(() => alertsOf(first), (a) => a.deliveries.filter((d) => d.outcome === 'retrying').length === 3, { timeout: 30_000, message: 'the group of three queued' });
    const ids = new Set(queued.deliveries.map((d) => d.groupId));
    expect(ids.size).toBe(1);
    expect(await first.stop('SIGKILL')).toBeNull();

    const receiver = await WebhookReceiver.start(receiverPort);
    onTestFinished(() => receiver.stop());
    await startHub(args, hubPort);
    const [put] = await receiver.waitFor((p) => p.method === 'PUT', 1, 20_000);
    expect(put!.path).toBe(`/_matrix/client/v3/rooms/!ops%3Aexample.org/send/m.room.message/${[...ids][0]}-0`);
    expect(json(put!).body).toMatch(/^\[FIRING\] 3 alerts: down on /);
    for (const hostId of killed) expect(json(put!).body).toContain(`${hostId}: offline [down, critical]`);
    await new Promise((r) => setTimeout(r, 3000));
    expect(receiver.posts).toHaveLength(1);
  });
});
