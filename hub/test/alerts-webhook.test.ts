import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertsResponse, WebhookPayload } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { freePort } from '@hostpulse/testkit/ports';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { waitForHost } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';
import { WebhookReceiver, type ReceivedPost } from './helpers/webhook-receiver.js';

// A real hub and a real agent, the rule `cpu.busyPct > -1 for 2s` (always true once held
// for 2 s), and a webhook receiver this test starts, stops and starts again.
const SECRET = 'test-webhook-secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-alerts-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes the rules file: one CPU rule at `threshold` and a webhook to the receiver's port. */
async function writeRules(file: string, receiverPort: number, threshold = -1): Promise<void> {
  const rules = {
    rules: [{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold, for: '2s', severity: 'critical' }],
    notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiverPort}/hook`, secret: SECRET }],
  };
  await writeFile(file, JSON.stringify(rules, null, 2));
}

async function startHub(args: string[], port = 0): Promise<HubProcess> {
  const hub = await startHubProcess(args, { port });
  cleanups.push(() => hub.stop('SIGKILL'));
  return hub;
}

function startAgent(hub: HubProcess, hostId: string, extraArgs: string[] = []): void {
  const agent = startAgentProcess(hub.url, ['--interval', '1000', '--host-id', hostId, ...extraArgs]);
  cleanups.push(() => agent.stop());
}

async function alertsOf(hub: HubProcess): Promise<AlertsResponse> {
  const res = await fetch(`${hub.url}/api/alerts`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as AlertsResponse;
  expect(isValid('AlertsResponse', body)).toBe(true);
  return body;
}

const payloadOf = (post: ReceivedPost): WebhookPayload => JSON.parse(post.body) as WebhookPayload;
const isState = (state: string) => (post: ReceivedPost) => payloadOf(post).state === state;

describe('alert webhooks from a real hub and agent', () => {
  it('posts a signed firing alert within 5 s of the first sample, and its signature verifies', async () => {
    const dir = await tempDir();
    const receiver = await WebhookReceiver.start();
    cleanups.push(() => receiver.stop());
    await writeRules(path.join(dir, 'alerts.json'), receiver.port);
    const hub = await startHub(['--alerts-file', path.join(dir, 'alerts.json')]);
    const hostId = `hook-${process.pid}`;
    startAgent(hub, hostId);
    await waitForHost(hub.url, hostId, { timeout: 15_000 });
    const firstSampleMs = Date.now();

    const [post] = await receiver.waitFor(isState('firing'), 1, 5000);
    expect(post!.receivedMs - firstSampleMs).toBeLessThan(5000);
    expect(post!.path).toBe('/hook');
    expect(post!.headers['content-type']).toBe('application/json');
    const expected = `sha256=${createHmac('sha256', SECRET).update(post!.body).digest('hex')}`;
    expect(post!.headers['x-hostpulse-signature']).toBe(expected);
    // The same body signed with another secret does not verify.
    expect(post!.headers['x-hostpulse-signature']).not.toBe(`sha256=${createHmac('sha256', 'other').update(post!.body).digest('hex')}`);
    expect(Math.abs(Number(post!.headers['x-hostpulse-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(post!.headers['x-hostpulse-delivery']).toMatch(/^[0-9a-f]{32}$/);
    const payload = payloadOf(post!);
    expect(isValid('WebhookPayload', payload)).toBe(true);
    expect(payload).toMatchObject({ rule: 'cpu-any', host: hostId, state: 'firing', threshold: -1, labels: {}, endsAt: null });
    expect(payload.dashboardUrl).toBe(`${hub.url}/#/host/${hostId}`);

    // The hub logs the delivery, never the secret.
    await hub.waitForOutput(/alert delivered notifier=ops .*status=204/);
    expect(hub.output()).not.toContain(SECRET);
    const alerts = await alertsOf(hub);
    expect(alerts.current).toEqual([expect.objectContaining({ rule: 'cpu-any', hostId, state: 'firing' })]);
    expect(alerts.deliveries[0]).toMatchObject({ notifier: 'ops', outcome: 'delivered', status: 204, state: 'firing' });
  });

  it("selects hosts by the tags their agent's --tags gave", async () => {
    const dir = await tempDir();
    const rule = (name: string, env: string) => ({ name, metric: 'cpu.busyPct', op: '>', threshold: -1, hosts: { tags: { env } } });
    await writeFile(path.join(dir, 'alerts.json'), JSON.stringify({ rules: [rule('prod-cpu', 'prod'), rule('dev-cpu', 'dev')] }));
    const hub = await startHub(['--alerts-file', path.join(dir, 'alerts.json')]);
    const hostId = `tagged-${process.pid}`;
    startAgent(hub, hostId, ['--tags', 'env=prod,role=db']);
    await waitForHost(hub.url, hostId, { timeout: 15_000 });
    const alerts = await waitFor(() => alertsOf(hub), (a) => a.current.length > 0, { timeout: 5000, message: 'an alert' });
    await sleep(1500);
    expect((await alertsOf(hub)).current.map((a) => `${a.rule} ${a.hostId} ${a.state}`)).toEqual([`prod-cpu ${hostId} firing`]);
    expect(alerts.rules.map((r) => r.hostTags)).toEqual([{ env: 'prod' }, { env: 'dev' }]);
  });

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
    cleanups.push(() => receiver.stop());
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
    const args = ['--alerts-file', file, '--data-dir', dataDir];
    const first = await startHub(args, hubPort);
    const hostId = `kill-${process.pid}`;
    startAgent(first, hostId);

    const queued = await waitFor(() => alertsOf(first), (a) => a.deliveries.some((d) => d.outcome === 'retrying'), { timeout: 15_000, message: 'a queued delivery' });
    const deliveryId = queued.deliveries[0]!.deliveryId;
    const firedAlert = queued.current.find((a) => a.state === 'firing')!;
    expect(firedAlert).toBeDefined();
    // The store commits its state within ~200 ms.
    await sleep(1000);
    expect(await first.stop('SIGKILL')).toBeNull();

    const receiver = await WebhookReceiver.start(receiverPort);
    cleanups.push(() => receiver.stop());
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
});
