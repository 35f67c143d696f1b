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
import type { AlertsConfig } from './rules-file.js';

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

/** Alerting posting to a receiver (on `port`) as notifier `ops`, with `over` in its config, on `nowMs`'s clock. */
async function setup(over: (port: number) => Partial<AlertsConfig> = () => ({}), nowMs: () => number = Date.now, store = new HistoryStore({ dataDir: null, memoryMs: 60_000 })) {
  const receiver = await WebhookReceiver.start();
  stops.push(() => receiver.stop());
  const hub = { delivers: true };
  const silences = new Silences({ store });
  const history = new AlertHistory({ store, retentionMs: 86_400_000 });
  const alerting = new Alerting({
    store,
    log: createLogger('test', 'error'),
    config: { source: 'test', rules: [cpuHot], notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiver.port}/hook`, secret: 's' }], ...over(receiver.port) },
    publish: () => {},
    hosts: () => [],
    hostTags: () => ({}),
    delivers: () => hub.delivers,
    silences,
    history,
    nowMs,
  });
  alerting.start('http://127.0.0.1');
  stops.push(() => alerting.stop(), () => silences.stop());
  return { alerting, hub, receiver, silences, history, store, posted: () => statesOf(receiver) };
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

describe('alerting routes and repeats', () => {
  it('tells the notifier again each repeat interval while the alert fires, under a new delivery id, and stops once it resolves', async () => {
    let clock = Date.now();
    const { alerting, receiver, posted } = await setup(() => ({ repeatIntervalMs: 3_600_000 }), () => clock);
    alerting.onSample(cpuSample(1, 50));
    await waitFor(posted, (p) => p.length === 1, { message: 'the firing posted' });
    clock += 3_599_000;
    await new Promise((r) => setTimeout(r, 1500));
    expect(posted()).toEqual(['firing']);
    clock += 1000;
    await waitFor(posted, (p) => p.length === 2, { message: 'the first repeat posted' });
    clock += 3_600_000;
    await waitFor(posted, (p) => p.length === 3, { message: 'the second repeat posted' });
    const ids = receiver.posts.map((post) => post.headers['x-hostpulse-delivery']);
    expect(new Set(ids).size).toBe(3);
    alerting.onSample(cpuSample(2, 1));
    await waitFor(posted, (p) => p.length === 4, { message: 'the resolution posted' });
    clock += 2 * 3_600_000;
    await new Promise((r) => setTimeout(r, 1500));
    expect(posted()).toEqual(['firing', 'firing', 'firing', 'resolved']);
  });

  it('keeps the pace of repeats across a restart: the next comes an interval after the last one told', async () => {
    const hour = 3_600_000;
    let clock = Date.now();
    const first = await setup(() => ({ repeatIntervalMs: hour }), () => clock);
    first.alerting.onSample(cpuSample(1, 50));
    await waitFor(first.posted, (p) => p.length === 1, { message: 'the firing posted' });
    clock += hour;
    await waitFor(first.posted, (p) => p.length === 2, { message: 'the first repeat posted' });
    // Settled, so the restarted hub does not send it again.
    await waitFor(() => first.alerting.response().deliveries, (d) => d.length === 2, { message: 'the first repeat settled' });
    first.alerting.stop();
    clock += hour / 2;
    const second = await setup(() => ({ repeatIntervalMs: hour }), () => clock, first.store);
    await new Promise((r) => setTimeout(r, 1500));
    expect(second.posted()).toEqual([]);
    clock += hour / 2;
    await waitFor(second.posted, (p) => p.length === 1, { message: 'the second repeat posted by the restarted hub' });
    const ids = [...first.receiver.posts, ...second.receiver.posts].map((post) => post.headers['x-hostpulse-delivery']);
    expect(new Set(ids).size).toBe(3);
  });

  it('repeats nothing while a silence holds the alert, and again once the silence is over', async () => {
    const hour = 3_600_000;
    let clock = Date.now();
    const { alerting, silences, posted } = await setup(() => ({ repeatIntervalMs: hour }), () => clock);
    alerting.onSample(cpuSample(1, 50));
    await waitFor(posted, (p) => p.length === 1, { message: 'the firing posted' });
    silences.set({ id: 's1', rules: ['cpu-hot'], comment: 'known', startsAtMs: Date.now() - 1000, endsAtMs: Date.now() + 10 * hour, createdMs: Date.now() });
    clock += hour;
    await new Promise((r) => setTimeout(r, 1500));
    expect(posted()).toEqual(['firing']);
    silences.end('s1');
    clock += hour;
    await waitFor(posted, (p) => p.length === 2, { message: 'the repeat after the silence' });
    expect(posted()).toEqual(['firing', 'firing']);
  });

  it('repeats nothing with a repeat interval of 0', async () => {
    let clock = Date.now();
    const { alerting, posted } = await setup(() => ({ repeatIntervalMs: 0 }), () => clock);
    alerting.onSample(cpuSample(1, 50));
    await waitFor(posted, (p) => p.length === 1, { message: 'the firing posted' });
    clock += 365 * 86_400_000;
    await new Promise((r) => setTimeout(r, 1500));
    expect(posted()).toEqual(['firing']);
  });

  it('sends a firing and its resolution only to the notifiers its route names', async () => {
    const pager = await WebhookReceiver.start();
    stops.push(() => pager.stop());
    const { alerting, posted } = await setup((port) => ({
      notifiers: [
        { name: 'ops', type: 'webhook', url: `http://127.0.0.1:${port}/hook`, secret: 's' },
        { name: 'pager', type: 'webhook', url: `http://127.0.0.1:${pager.port}/hook`, secret: 's' },
      ],
      routes: [{ severities: ['warning'], notify: ['ops'] }, { severities: ['critical'], notify: ['pager'] }],
    }));
    alerting.onSample(cpuSample(1, 50));
    alerting.onSample(cpuSample(2, 1));
    await waitFor(() => statesOf(pager), (p) => p.length === 2, { message: 'the firing and resolution posted to the pager' });
    await new Promise((r) => setTimeout(r, 300));
    expect(statesOf(pager)).toEqual(['firing', 'resolved']);
    expect(alerting.response().deliveries.map((d) => d.notifier)).toEqual(['pager', 'pager']);
    expect(posted()).toEqual([]);
  });

  it('sends the resolution of a firing another hub told only to the notifiers its route names', async () => {
    const pager = await WebhookReceiver.start();
    stops.push(() => pager.stop());
    const { alerting, hub, posted } = await setup((port) => ({
      notifiers: [
        { name: 'ops', type: 'webhook', url: `http://127.0.0.1:${port}/hook`, secret: 's' },
        { name: 'pager', type: 'webhook', url: `http://127.0.0.1:${pager.port}/hook`, secret: 's' },
      ],
      routes: [{ severities: ['critical'], notify: ['pager'] }, { notify: ['ops'] }],
    }));
    // Another hub delivered the host's alerts when it fired; this one does when it resolves.
    hub.delivers = false;
    alerting.onSample(cpuSample(1, 50));
    hub.delivers = true;
    alerting.onSample(cpuSample(2, 1));
    await waitFor(() => statesOf(pager), (p) => p.length === 1, { message: 'the resolution posted to the pager' });
    await new Promise((r) => setTimeout(r, 300));
    expect(statesOf(pager)).toEqual(['resolved']);
    expect(posted()).toEqual([]);
  });
});
