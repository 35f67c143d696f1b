import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { startAlertmanager } from './helpers/alertmanager.js';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { waitFor } from '@hostpulse/testkit/waits';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// Debian's prometheus-alertmanager, started here on a free loopback port, as a hub's notifier.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  status: { state: string };
}

interface AmNotification {
  status: string;
  alerts: { status: string; labels: Record<string, string> }[];
}

async function writeRules(file: string, amUrl: string, threshold: number): Promise<void> {
  const rules = {
    rules: [{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold, for: '2s', clearFor: '0s', severity: 'critical' }],
    notifiers: [{ name: 'am', type: 'alertmanager', url: amUrl }],
  };
  await writeFile(file, JSON.stringify(rules));
}

describe('alerts to Alertmanager', () => {
  it("shows the hub's firing alert in GET /api/v2/alerts, then resolves it", { timeout: 60_000 }, async () => {
    const receiver = await WebhookReceiver.start();
    cleanups.push(() => receiver.stop());
    const am = await startAlertmanager(`http://127.0.0.1:${receiver.port}/am`);
    cleanups.push(() => am.stop());
    const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-alerts-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'alerts.json');
    await writeRules(file, am.url, -1);
    const hub = await startHubProcess(['--alerts-file', file]);
    cleanups.push(() => hub.stop('SIGKILL'));
    const hostId = `am-${process.pid}`;
    const agent = startAgentProcess(hub.url, ['--interval', '1000', '--host-id', hostId]);
    cleanups.push(() => agent.stop());

    const amAlerts = () => fetch(`${am.url}/api/v2/alerts`).then((res) => res.json() as Promise<AmAlert[]>);
    const ours = (alerts: AmAlert[]) => alerts.filter((a) => a.labels['alertname'] === 'cpu-any' && a.labels['host'] === hostId);
    const firing = ours(await waitFor(amAlerts, (alerts) => ours(alerts).length > 0, { timeout: 20_000, message: 'the alert in Alertmanager' }));
    expect(firing).toHaveLength(1);
    expect(firing[0]).toMatchObject({
      labels: { alertname: 'cpu-any', host: hostId, severity: 'critical' },
      annotations: { metric: 'cpu.busyPct', summary: `cpu.busyPct > -1 on ${hostId}` },
      generatorURL: `${hub.url}/#/host/${hostId}`,
      status: { state: 'active' },
    });
    expect(Date.parse(firing[0]!.endsAt)).toBeGreaterThan(Date.now());

    // Alertmanager routes it on (to the receiver this test started) before it resolves.
    const isNotification = (status: string) => (post: { body: string }) => (JSON.parse(post.body) as AmNotification).status === status;
    await receiver.waitFor(isNotification('firing'), 1, 15_000);

    // The same rule put out of reach and reloaded: the alert resolves, and Alertmanager says so.
    await writeRules(file, am.url, 1000);
    hub.proc.kill('SIGHUP');
    await waitFor(amAlerts, (alerts) => ours(alerts).length === 0, { timeout: 15_000, message: 'the alert gone from the active alerts' });
    const notifications = await receiver.waitFor(isNotification('resolved'), 1, 15_000);
    const resolved = JSON.parse(notifications[0]!.body) as AmNotification;
    expect(resolved.alerts).toEqual([expect.objectContaining({ status: 'resolved', labels: expect.objectContaining({ alertname: 'cpu-any', host: hostId }) })]);
    expect(hub.output()).toMatch(/alert delivered notifier=am .*state=resolved .*status=200/);
  });
});
