import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AlertEvent, AlertHistoryResponse, ErrorResponse } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { freePort } from '@hostpulse/testkit/ports';
import type { HubProcess } from '@hostpulse/testkit/hub-process';
import { waitFor } from '@hostpulse/testkit/waits';
import { isState, SECRET, startAgent, startHub, tempDir } from './helpers/alert-rig.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// A real hub with a data dir and two real agents, the rule `cpu.busyPct > -1 for 2s`
// delivered to a receiver this test starts and to a port where nothing listens; then the
// rule is put out of reach (SIGHUP), so both alerts resolve, and the hub is restarted.
const VIEWER = 'history-viewer-token';
const AGENT = 'history-agent-token';

async function writeRules(file: string, receiverPort: number, deadPort: number, threshold: number): Promise<void> {
  const rules = {
    rules: [{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold, for: '2s', clearFor: '0s', severity: 'critical' }],
    notifiers: [
      { name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiverPort}/hook`, secret: SECRET },
      { name: 'dead', type: 'webhook', url: `http://127.0.0.1:${deadPort}/hook`, secret: SECRET },
    ],
  };
  await writeFile(file, JSON.stringify(rules));
}

async function historyOf(hub: HubProcess, query = ''): Promise<AlertHistoryResponse> {
  const res = await fetch(`${hub.url}/api/alerts/history${query}`, { headers: { authorization: `Bearer ${VIEWER}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as AlertHistoryResponse;
  expect(isValid('AlertHistoryResponse', body)).toBe(true);
  return body;
}

/** Every page of a query, `limit` at a time, following `olderBefore`. */
async function allPages(hub: HubProcess, query: string, limit: number): Promise<AlertEvent[]> {
  const events: AlertEvent[] = [];
  let before: number | null | undefined;
  for (let page = 0; page < 100 && before !== null; page++) {
    const body = await historyOf(hub, `?${query}&limit=${limit}${before === undefined ? '' : `&before=${before}`}`);
    expect(body.events.length).toBeLessThanOrEqual(limit);
    events.push(...body.events);
    before = body.olderBefore;
  }
  return events;
}

/** A short line per event, oldest first: kind, and for a delivery its notifier and the change delivered. */
const story = (events: AlertEvent[]) => [...events].reverse().map((e) => (e.notifier ? `${e.kind} ${e.notifier} ${e.state}` : e.kind));

describe('alert history from a real hub', () => {
  it('lists what fired, resolved and was delivered or failed, per host and fleet-wide, paged, across a restart', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'alerts.json');
    const dataDir = path.join(dir, 'data');
    const receiver = await WebhookReceiver.start();
    onTestFinished(() => receiver.stop());
    const deadPort = await freePort();
    await writeRules(file, receiver.port, deadPort, -1);
    const port = await freePort();
    const args = ['--alerts-file', file, '--data-dir', dataDir, '--agent-token', AGENT, '--viewer-token', VIEWER, '--alert-history', '90d'];
    const hub = await startHub(args, port);
    const web = `web-${process.pid}`;
    const db = `db-${process.pid}`;
    startAgent(hub, web, ['--token', AGENT]);
    startAgent(hub, db, ['--token', AGENT]);

    await receiver.waitFor(isState('firing'), 2, 30_000);
    await writeRules(file, receiver.port, deadPort, 1000);
    hub.proc.kill('SIGHUP');
    await receiver.waitFor(isState('resolved'), 2, 30_000);

    const ofWeb = await waitFor(() => historyOf(hub, `?host=${web}`), (h) => h.events.some((e) => e.kind === 'delivered' && e.state === 'resolved'), { timeout: 10_000, message: 'the resolution delivered, in the history' });
    expect(ofWeb.retentionMs).toBe(90 * 86_400_000);
    expect(ofWeb.persistent).toBe(true);
    expect(ofWeb.events.every((e) => e.hostId === web)).toBe(true);
    // The dead notifier's queue holds the firing, retried, so the resolution waits behind it.
    expect(story(ofWeb.events).filter((line) => !line.startsWith('failed'))).toEqual(['fired', 'delivered ops firing', 'resolved', 'delivered ops resolved']);
    // The dead notifier tries one delivery at a time: the failures are those of whichever host's firing heads its queue.
    const failed = (await historyOf(hub, '?limit=500')).events.filter((e) => e.kind === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((e) => e.notifier === 'dead' && e.state === 'firing' && e.status === null && e.outcome === 'retrying' && /ECONNREFUSED/.test(e.error ?? ''))).toBe(true);
    expect(ofWeb.events.find((e) => e.kind === 'fired')).toMatchObject({ rule: 'cpu-any', severity: 'critical', alertId: `cpu-any|${web}|` });

    const fleet = await historyOf(hub, '?limit=500');
    expect(new Set(fleet.events.map((e) => e.hostId))).toEqual(new Set([web, db]));
    expect(fleet.events.map((e) => e.id)).toEqual([...fleet.events.map((e) => e.id)].sort((a, b) => b - a));
    expect(fleet.events.filter((e) => e.kind === 'fired').map((e) => e.hostId).sort()).toEqual([db, web].sort());

    // Two at a time, the pages together are the whole history.
    const paged = await allPages(hub, `host=${web}`, 2);
    const whole = await historyOf(hub, `?host=${web}&limit=500`);
    expect(paged.map((e) => e.id)).toEqual(whole.events.map((e) => e.id));

    // Viewer auth, and bad parameters named.
    expect((await fetch(`${hub.url}/api/alerts/history`)).status).toBe(401);
    for (const [query, field] of [['?limit=0', 'limit'], ['?limit=501', 'limit'], ['?before=abc', 'before'], ['?host=no%20such%20host', 'host']] as const) {
      const res = await fetch(`${hub.url}/api/alerts/history${query}`, { headers: { authorization: `Bearer ${VIEWER}` } });
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as ErrorResponse;
      expect(body.error.field, query).toBe(field);
      expect(body.error.message, query).toContain(`"${field}"`);
    }

    // A restart keeps every event, ids and all.
    const before = await historyOf(hub, '?limit=500');
    expect(await hub.stop()).toBe(0);
    const again = await startHub(args, port);
    const after = await historyOf(again, '?limit=500');
    const byId = new Map(after.events.map((e) => [e.id, e]));
    for (const event of before.events) expect(byId.get(event.id)).toEqual(event);
    expect(story((await historyOf(again, `?host=${web}`)).events).filter((line) => !line.startsWith('failed'))).toEqual(['fired', 'delivered ops firing', 'resolved', 'delivered ops resolved']);
  });
});
