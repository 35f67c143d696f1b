import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@hostpulse/common';
import type { AlertRule, HostSample, WebhookPayload } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { waitFor } from '@hostpulse/testkit/waits';
import { HistoryStore } from '../store/history-store.js';
import { WebhookReceiver } from '../../test/helpers/webhook-receiver.js';
import { Alerting } from './alerting.js';

// Alerting with a real webhook receiver, and whether this hub delivers the host's alerts
// in the test's hands, as the bus decides it with several hubs.
const cpuHot: AlertRule = { name: 'cpu-hot', metric: 'cpu.busyPct', op: '>', threshold: 20, clear: 10, forMs: 0, severity: 'critical' };
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function cpuSample(seq: number, busyPct: number): HostSample {
  const s = makeSample('web-1', 'run-1', seq);
  return { ...s, hubRxMs: s.tsMs, cpu: { ...s.cpu, total: { ...s.cpu.total, idlePct: 100 - busyPct } } };
}

async function setup() {
  const receiver = await WebhookReceiver.start();
  stops.push(() => receiver.stop());
  const hub = { delivers: true };
  const alerting = new Alerting({
    store: new HistoryStore({ dataDir: null, memoryMs: 60_000 }),
    log: createLogger('test', 'error'),
    config: { source: 'test', rules: [cpuHot], notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiver.port}/hook`, secret: 's' }] },
    publish: () => {},
    hosts: () => [],
    hostTags: () => ({}),
    delivers: () => hub.delivers,
  });
  alerting.start('http://127.0.0.1');
  stops.push(() => alerting.stop());
  const posted = () => receiver.posts.map((post) => (JSON.parse(post.body) as WebhookPayload).state);
  return { alerting, hub, posted };
}

describe('alerting across hubs', () => {
  it('delivers the resolution of a firing it delivered, though another hub delivers the host now', async () => {
    const { alerting, hub, posted } = await setup();
    alerting.onSample(cpuSample(1, 50));
    await waitFor(posted, (p) => p.length === 1, { message: 'the firing posted' });
    hub.delivers = false;
    alerting.onSample(cpuSample(2, 1));
    await waitFor(posted, (p) => p.length === 2, { message: 'the resolution posted' });
    expect(posted()).toEqual(['firing', 'resolved']);
  });

  it('delivers neither the firing nor the resolution of an alert another hub delivers', async () => {
    const { alerting, hub, posted } = await setup();
    hub.delivers = false;
    alerting.onSample(cpuSample(1, 50));
    alerting.onSample(cpuSample(2, 1));
    alerting.onSample(cpuSample(3, 50));
    await new Promise((r) => setTimeout(r, 500));
    expect(alerting.response().past).toHaveLength(1);
    expect(posted()).toEqual([]);
  });
});
