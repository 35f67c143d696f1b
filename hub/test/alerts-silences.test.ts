import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Silence, SilencesResponse } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import type { HubProcess } from '@hostpulse/testkit/hub-process';
import { freePort } from '@hostpulse/testkit/ports';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, isState, payloadOf, startAgent, startHub, tempDir, writeRules } from './helpers/alert-rig.js';
import { startTwoHubCluster } from './helpers/cluster-hubs.js';
import { WebhookReceiver, type ReceivedPost } from './helpers/webhook-receiver.js';

// Silences on real hubs with real agents and a webhook receiver this test starts: the rule
// `cpu.busyPct > -1 for 2s` fires on every host, and a silence holds back its notification.
const ADMIN = 'silences-admin-token';
const AGENT = 'silences-agent-token';
const admin = { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function addSilence(hub: HubProcess, request: Record<string, unknown>): Promise<Silence> {
  const res = await fetch(`${hub.url}/api/silences`, { method: 'POST', headers: admin, body: JSON.stringify(request) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Silence;
}

async function silencesOf(hub: HubProcess): Promise<Silence[]> {
  const res = await fetch(`${hub.url}/api/silences`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as SilencesResponse;
  expect(isValid('SilencesResponse', body)).toBe(true);
  return body.silences;
}

const hostOf = (post: ReceivedPost) => payloadOf(post).host;

describe('alert silences', () => {
  it('holds back a silenced host\'s firing, across a restart, and sends it when the silence ends while it still fires', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'alerts.json');
    const receiver = await WebhookReceiver.start();
    onTestFinished(() => receiver.stop());
    await writeRules(file, receiver.port);
    const hubPort = await freePort();
    const args = ['--alerts-file', file, '--data-dir', path.join(dir, 'data'), '--admin-token', ADMIN, '--agent-token', AGENT];
    const first = await startHub(args, hubPort);
    const quiet = `quiet-${process.pid}`;
    const loud = `loud-${process.pid}`;

    // A silence needs the admin token, and says which field is wrong.
    expect((await fetch(`${first.url}/api/silences`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401);
    const bad = await fetch(`${first.url}/api/silences`, { method: 'POST', headers: admin, body: JSON.stringify({ comment: 'x', durationMs: 1000 }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { field: 'hostIds' } });
    const tooLong = await fetch(`${first.url}/api/silences`, { method: 'POST', headers: admin, body: JSON.stringify({ rules: ['cpu-any'], comment: 'x', durationMs: 8 * 86_400_000, repeat: 'weekly' }) });
    expect(await tooLong.json()).toEqual({ error: { status: 400, field: 'endsAtMs', message: 'endsAtMs: a weekly window lasts less than a week' } });

    const silence = await addSilence(first, { hostIds: [`quiet-*`], comment: 'disk swap', durationMs: 30_000 });
    expect(silence).toMatchObject({ hostIds: ['quiet-*'], comment: 'disk swap' });
    expect(silence.endsAtMs - silence.startsAtMs).toBe(30_000);
    startAgent(first, quiet, ['--token', AGENT]);
    startAgent(first, loud, ['--token', AGENT]);

    // The other host's firing is sent; the silenced one fires too, shown with its silence.
    await receiver.waitFor((p) => isState('firing')(p) && hostOf(p) === loud, 1, 20_000);
    const shown = await waitFor(() => alertsOf(first), (a) => a.current.some((x) => x.hostId === quiet && x.state === 'firing'), { timeout: 15_000, message: 'the silenced host firing' });
    expect(shown.current.find((x) => x.hostId === quiet)).toMatchObject({ state: 'firing', silencedBy: { id: silence.id, comment: 'disk swap', endsAtMs: silence.endsAtMs } });
    expect(shown.current.find((x) => x.hostId === loud)!.silencedBy).toBeUndefined();
    expect(shown.silences).toEqual([silence]);
    await sleep(2000);
    expect(receiver.posts.filter((p) => hostOf(p) === quiet)).toEqual([]);

    // The silence and the held firing outlive a restart.
    await first.stop();
    const second = await startHub(args, hubPort);
    expect(await silencesOf(second)).toEqual([silence]);
    const restored = await alertsOf(second);
    expect(restored.current.find((x) => x.hostId === quiet)).toMatchObject({ state: 'firing', silencedBy: { id: silence.id } });
    expect(receiver.posts.filter((p) => hostOf(p) === quiet)).toEqual([]);

    // It runs out while the alert still fires: the firing is sent then, once.
    const [sent] = await receiver.waitFor((p) => isState('firing')(p) && hostOf(p) === quiet, 1, 40_000);
    expect(sent!.receivedMs).toBeGreaterThanOrEqual(silence.endsAtMs);
    expect(await silencesOf(second)).toEqual([]);
    expect((await alertsOf(second)).current.find((x) => x.hostId === quiet)!.silencedBy).toBeUndefined();
    await sleep(2000);
    expect(receiver.posts.map((p) => `${hostOf(p)} ${payloadOf(p).state}`).sort()).toEqual([`${loud} firing`, `${quiet} firing`]);
  });

  it('reaches every hub of a cluster, and ends on every hub when one ends it', { timeout: 60_000 }, async () => {
    const { a, b, explain } = await startTwoHubCluster(['--admin-token', ADMIN]);

    const silence = await addSilence(a, { hostTags: { role: 'db' }, rules: ['cpu-any'], comment: 'failover drill', startsAtMs: Date.now() + 3_600_000, durationMs: 7_200_000, repeat: 'weekly' });
    expect(silence.repeat).toBe('weekly');
    await waitFor(() => silencesOf(b), (s) => s.length === 1, { timeout: 10_000, message: 'the silence on hub B', explain });
    expect(await silencesOf(b)).toEqual([silence]);

    expect((await fetch(`${b.url}/api/silences/${silence.id}`, { method: 'DELETE', headers: admin })).status).toBe(204);
    await waitFor(() => silencesOf(a), (s) => s.length === 0, { timeout: 10_000, message: 'the silence gone from hub A', explain });
    expect((await fetch(`${b.url}/api/silences/${silence.id}`, { method: 'DELETE', headers: admin })).status).toBe(404);
  });
});
