import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@hostpulse/common';
import type { AlertRule, HostSample, Silence, WebhookPayload } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { waitFor } from '@hostpulse/testkit/waits';
import { HistoryStore } from '../store/history-store.js';
import { WebhookReceiver } from '../../test/helpers/webhook-receiver.js';
import { AlertHistory } from './alert-history.js';
import { Alerting } from './alerting.js';
import { Silences } from './silences.js';

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
  const store = new HistoryStore({ dataDir: null, memoryMs: 60_000 });
  const silences = new Silences({ store });
  const history = new AlertHistory({ store, retentionMs: 86_400_000 });
  const alerting = new Alerting({
    store,
    log: createLogger('test', 'error'),
    config: { source: 'test', rules: [cpuHot], notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiver.port}/hook`, secret: 's' }] },
    publish: () => {},
    hosts: () => [],
    hostTags: () => ({}),
    delivers: () => hub.delivers,
    silences,
    history,
  });
  alerting.start('http://127.0.0.1');
  stops.push(() => alerting.stop(), () => silences.stop());
  return { alerting, hub, receiver, silences, history, posted: () => statesOf(receiver) };
}

const statesOf = (receiver: WebhookReceiver) => receiver.posts.map((post) => (JSON.parse(post.body) as WebhookPayload).state);

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

  it('tells a notifier added after an alert fired nothing of its resolution', async () => {
    const { alerting, receiver, posted } = await setup();
    alerting.onSample(cpuSample(1, 50));
    await waitFor(posted, (p) => p.length === 1, { message: 'the firing posted' });
    const audit = await WebhookReceiver.start();
    stops.push(() => audit.stop());
    alerting.reload({
      source: 'test',
      rules: [cpuHot],
      notifiers: [
        { name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiver.port}/hook`, secret: 's' },
        { name: 'audit', type: 'webhook', url: `http://127.0.0.1:${audit.port}/hook`, secret: 's' },
      ],
    });
    alerting.onSample(cpuSample(2, 1));
    await waitFor(posted, (p) => p.length === 2, { message: 'the resolution posted' });
    alerting.onSample(cpuSample(3, 50));
    await waitFor(() => statesOf(audit), (p) => p.length === 1, { message: 'the second firing posted to both' });
    await new Promise((r) => setTimeout(r, 300));
    expect(posted()).toEqual(['firing', 'resolved', 'firing']);
    expect(statesOf(audit)).toEqual(['firing']);
  });

  it('tells no notifier of an alert whose rule is renamed while it fires', async () => {
    const { alerting, receiver, posted } = await setup();
    alerting.onSample(cpuSample(1, 50));
    await waitFor(posted, (p) => p.length === 1, { message: 'the firing posted' });
    alerting.reload({ source: 'test', rules: [{ ...cpuHot, name: 'cpu-busy' }], notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiver.port}/hook`, secret: 's' }] });
    alerting.onSample(cpuSample(2, 50));
    await waitFor(posted, (p) => p.length === 2, { message: 'the new rule firing posted' });
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.posts.map((post) => { const p = JSON.parse(post.body) as WebhookPayload; return `${p.rule} ${p.state}`; })).toEqual(['cpu-hot firing', 'cpu-busy firing']);
    expect(alerting.response().current.map((a) => a.rule)).toEqual(['cpu-busy']);
  });
});

describe('alerting under silences', () => {
  const silence = (over: Partial<Silence> = {}): Silence => ({ id: 's1', hostIds: ['web-*'], comment: 'upgrade', startsAtMs: Date.now() - 1000, endsAtMs: Date.now() + 60_000, createdMs: Date.now(), ...over });

  it('sends neither the firing nor the resolution of an alert that fired and resolved while silenced', async () => {
    const { alerting, silences, posted } = await setup();
    const upgrade = silence();
    silences.set(upgrade);
    alerting.onSample(cpuSample(1, 50));
    expect(alerting.response().current).toEqual([expect.objectContaining({ state: 'firing', silencedBy: { id: 's1', comment: 'upgrade', endsAtMs: upgrade.endsAtMs } })]);
    alerting.onSample(cpuSample(2, 1));
    silences.end('s1');
    await new Promise((r) => setTimeout(r, 500));
    expect(posted()).toEqual([]);
  });

  it('sends the resolution of a firing sent before the silence began', async () => {
    const { alerting, silences, posted } = await setup();
    alerting.onSample(cpuSample(1, 50));
    await waitFor(posted, (p) => p.length === 1, { message: 'the firing posted' });
    silences.set(silence({ hostIds: undefined, rules: ['cpu-hot'] }));
    alerting.onSample(cpuSample(2, 1));
    await waitFor(posted, (p) => p.length === 2, { message: 'the resolution posted' });
    expect(posted()).toEqual(['firing', 'resolved']);
  });

  it('records the firing held by the silence, its release when the silence ends, and the delivery then made', async () => {
    const { alerting, silences, history, posted } = await setup();
    silences.set(silence());
    alerting.onSample(cpuSample(1, 50));
    silences.end('s1');
    await waitFor(posted, (p) => p.length === 1, { message: 'the released firing posted' });
    await waitFor(() => history.page({ hostId: 'web-1', beforeId: undefined, limit: 10 }).events, (e) => e.length === 4, { message: 'four events recorded' });
    const events = history.page({ hostId: undefined, beforeId: undefined, limit: 10 }).events.reverse();
    expect(events.map((e) => e.kind)).toEqual(['fired', 'silenced', 'released', 'delivered']);
    expect(events[1]!.silence).toEqual(expect.objectContaining({ id: 's1', comment: 'upgrade' }));
    expect(events[3]).toEqual(expect.objectContaining({ notifier: 'ops', state: 'firing', status: 204, outcome: 'delivered' }));
    expect(history.page({ hostId: 'db-1', beforeId: undefined, limit: 10 }).events).toEqual([]);
  });

  it('sends a firing held while another hub delivered the host once the silence ends, if this hub delivers the host by then', async () => {
    const { alerting, hub, silences, posted } = await setup();
    hub.delivers = false;
    silences.set(silence());
    alerting.onSample(cpuSample(1, 50));
    // The hub that delivered the host went away during the silence: this one delivers it now.
    hub.delivers = true;
    silences.end('s1');
    await waitFor(posted, (p) => p.length === 1, { message: 'the held firing posted' });
    expect(posted()).toEqual(['firing']);
  });

  it('leaves an alert on a host the silence does not match alone', async () => {
    const { alerting, silences, posted } = await setup();
    silences.set(silence({ hostIds: ['db-*'] }));
    alerting.onSample(cpuSample(1, 50));
    await waitFor(posted, (p) => p.length === 1, { message: 'the firing posted' });
    expect(alerting.response().current[0]!.silencedBy).toBeUndefined();
  });
});
