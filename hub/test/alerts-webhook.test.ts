import { createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isValid } from '@hostpulse/protocol/validate';
import { waitForHost } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, isState, payloadOf, SECRET, startAgent, startHub, tempDir, writeRules } from './helpers/alert-rig.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// A real hub and a real agent, the rule `cpu.busyPct > -1 for 2s`, and a webhook receiver
// this test starts. The first post must come within 5 s of the first sample, so this file
// runs in the serial project; delivery after outages is in alerts-delivery.test.ts.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('alert webhooks from a real hub and agent', () => {
  it('posts a signed firing alert within 5 s of the first sample, and its signature verifies', async () => {
    const dir = await tempDir();
    const receiver = await WebhookReceiver.start();
    onTestFinished(() => receiver.stop());
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
});
