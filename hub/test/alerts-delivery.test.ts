import { createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '@hostpulse/testkit/ports';
import { waitForHost } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, isState, payloadOf, SECRET, startAgent, startHub, tempDir, writeRules } from './helpers/alert-rig.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// A real hub and a real agent, the rule `cpu.busyPct > -1 for 2s`, and a webhook receiver
// this test starts, stops and starts again; or a hub killed with deliveries queued.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('alert webhooks from a real hub and agent', () => {
  it('delivers once per state change after the receiver was down for 10 s', { timeout: 90_000 }, async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'alerts.json');
    const receiverPort = await freePort();
    await writeRules(file, receiverPort);
    const hub = await startHub(['--alerts-file', file]);
    const hostId = `down-${process.pid}`;
    startAgent(hub, hostId);

    // Nothing listens on the receiver's port: the firing delivery fails and waits for a retry.
    const failing = await waitFor(() => alertsOf(hub), (a) => a.deliveries.some((d) => d.outcome === 'retrying'), { timeout: 15_000, message: 'a failed delivery' });
    const failedMs = Date.now();
    expect(failing.deliveries[0]).toMatchObject({ notifier: 'ops', state: 'firing', status: null, outcome: 'retrying' });
    expect(failing.notifiers).toEqual([{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiverPort}/…`, queued: 1 }]);
    await sleep(10_000 - (Date.now() - failedMs));

    const receiver = await WebhookReceiver.start(receiverPort);
    onTestFinished(() => receiver.stop());
    const [firing] = await receiver.waitFor(isState('firing'), 1, 30_000);
    expect(firing!.headers['x-hostpulse-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(firing!.body).digest('hex')}`);

    // A broken file on SIGHUP is logged with its line and column, and the rules stay as they were.
    await writeFile(file, '{"rules": [\n  {"name": "cpu-any", "metric": "cpu.busyPct", "op": "=>", "threshold": 1000}]}');
    hub.proc.kill('SIGHUP');
    await hub.waitForOutput(/error hub: alerts file not reloaded; the previous rules stay in force error=".*alerts\.json:2:54: rules\[0\]\.op must be one of/);
    expect((await alertsOf(hub)).rules).toEqual([expect.objectContaining({ name: 'cpu-any', threshold: -1 })]);

    // Resolve it: the same rule, now out of reach, reloaded by SIGHUP.
    await writeRules(file, receiverPort, 1000);
    hub.proc.kill('SIGHUP');
    const [resolved] = await receiver.waitFor(isState('resolved'), 1, 10_000);
    expect(payloadOf(resolved!)).toMatchObject({ rule: 'cpu-any', host: hostId, threshold: 1000, startsAt: payloadOf(firing!).startsAt });
    expect(payloadOf(resolved!).endsAt).not.toBeNull();

    // Give any stray retry time to show up: still exactly one post per state change.
    await sleep(3000);
    expect(receiver.posts.map((p) => payloadOf(p).state)).toEqual(['firing', 'resolved']);
    expect(new Set(receiver.posts.map((p) => p.headers['x-hostpulse-delivery'])).size).toBe(2);
    const after = await alertsOf(hub);
    expect(after.current).toEqual([]);
    expect(after.past[0]).toMatchObject({ rule: 'cpu-any', hostId, state: 'resolved' });
    expect(after.notifiers[0]!.queued).toBe(0);
  });

  it('delivers what was queued when the hub was SIGKILLed after it restarts, without firing again', { timeout: 90_000 }, async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'alerts.json');
    const dataDir = path.join(dir, 'data');
    const receiverPort = await freePort();
    const hubPort = await freePort();
    await writeRules(file, receiverPort);
    // A hub with a data dir wants an agent token: given here, so the agent needs nothing the hub made.
    const args = ['--alerts-file', file, '--data-dir', dataDir, '--agent-token', 'delivery-agent-token'];
    const first = await startHub(args, hubPort);
    const hostId = `kill-${process.pid}`;
    startAgent(first, hostId, ['--token', 'delivery-agent-token']);

    const queued = await waitFor(() => alertsOf(first), (a) => a.deliveries.some((d) => d.outcome === 'retrying'), { timeout: 15_000, message: 'a queued delivery' });
    const deliveryId = queued.deliveries[0]!.deliveryId;
    const firedAlert = queued.current.find((a) => a.state === 'firing')!;
    expect(firedAlert).toBeDefined();
    // The store commits its state within ~200 ms.
    await sleep(1000);
    expect(await first.stop('SIGKILL')).toBeNull();

    const receiver = await WebhookReceiver.start(receiverPort);
    onTestFinished(() => receiver.stop());
    const second = await startHub(args, hubPort);
    const [post] = await receiver.waitFor(isState('firing'), 1, 15_000);
    expect(post!.headers['x-hostpulse-delivery']).toBe(deliveryId);
    expect(payloadOf(post!)).toMatchObject({ rule: 'cpu-any', host: hostId, startsAt: new Date(firedAlert.startsAtMs!).toISOString() });

    // The restarted hub still knows the alert, firing since before the kill, and the agent's
    // samples (replayed and new) do not fire it a second time.
    await waitForHost(second.url, hostId, { timeout: 15_000 });
    await sleep(4000);
    const after = await alertsOf(second);
    expect(after.current).toEqual([expect.objectContaining({ id: firedAlert.id, state: 'firing', startsAtMs: firedAlert.startsAtMs })]);
    expect(receiver.posts).toHaveLength(1);
  });

  it('sends a channel message queued when the hub was SIGKILLed after it restarts, once, under the same Matrix transaction id', { timeout: 90_000 }, async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'alerts.json');
    const receiverPort = await freePort();
    const hubPort = await freePort();
    const rules = {
      rules: [{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '2s', clearFor: '0s', severity: 'critical' }],
      notifiers: [{ name: 'room', url: `matrix://:syt_tok@127.0.0.1:${receiverPort}/?rooms=!ops:example.org&disabletls=yes` }],
      groupWait: '0s',
    };
    await writeFile(file, JSON.stringify(rules));
    const args = ['--alerts-file', file, '--data-dir', path.join(dir, 'data'), '--agent-token', 'channel-agent-token'];
    const first = await startHub(args, hubPort);
    startAgent(first, `chan-kill-${process.pid}`, ['--token', 'channel-agent-token']);

    const queued = await waitFor(() => alertsOf(first), (a) => a.deliveries.some((d) => d.outcome === 'retrying'), { timeout: 15_000, message: 'a queued delivery' });
    expect(queued.deliveries[0]).toMatchObject({ notifier: 'room', notifierType: 'matrix', status: null, outcome: 'retrying' });
    const deliveryId = queued.deliveries[0]!.deliveryId;
    await sleep(1000);
    expect(await first.stop('SIGKILL')).toBeNull();

    const receiver = await WebhookReceiver.start(receiverPort);
    onTestFinished(() => receiver.stop());
    await startHub(args, hubPort);
    const [put] = await receiver.waitFor((p) => p.method === 'PUT', 1, 15_000);
    expect(put!.path).toBe(`/_matrix/client/v3/rooms/!ops%3Aexample.org/send/m.room.message/${deliveryId}-0`);
    await sleep(3000);
    expect(receiver.posts).toHaveLength(1);
  });
});
