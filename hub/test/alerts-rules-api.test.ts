import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AlertRuleChange, AlertRuleTestResponse, AlertsResponse, ErrorResponse } from '@hostpulse/protocol';
import type { HubProcess } from '@hostpulse/testkit/hub-process';
import { freePort } from '@hostpulse/testkit/ports';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, isState, payloadOf, SECRET, startAgent, startHub, tempDir, writeRules } from './helpers/alert-rig.js';
import { startTwoHubCluster } from './helpers/cluster-hubs.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// Rules managed over HTTP on real hubs with real agents: the file seeds the hub's alerts
// document, admin changes are in force at once, kept across restarts with the same file,
// replaced when the file changes, and reach every hub of a cluster.
const ADMIN = 'rules-admin-token';
const AGENT = 'rules-agent-token';
const admin = { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' };
const LIVE_RULE = { name: 'cpu-live', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '2s', clearFor: '0s', severity: 'critical' };

async function send(hub: HubProcess, method: string, route: string, body?: unknown, headers: Record<string, string> = admin): Promise<Response> {
  return fetch(`${hub.url}${route}`, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
}

async function ruleChange(res: Response, status: number): Promise<AlertRuleChange> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as AlertRuleChange;
}

const ruleNamed = (alerts: AlertsResponse, name: string) => alerts.rules.find((rule) => rule.name === name);

describe('alert rules over HTTP', () => {
  it('adds, changes, disables, tests and deletes rules with the admin token, each in force at once, kept across a restart with the same file, replaced by a changed file on SIGHUP', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'alerts.json');
    const receiver = await WebhookReceiver.start();
    onTestFinished(() => receiver.stop());
    await writeRules(file, receiver.port, 1000);
    const port = await freePort();
    const args = ['--alerts-file', file, '--data-dir', path.join(dir, 'data'), '--admin-token', ADMIN, '--agent-token', AGENT];
    const first = await startHub(args, port);
    expect((await alertsOf(first)).rules.map((rule) => rule.name)).toEqual(['cpu-any']);

    // Only an admin changes rules; a bad rule gets the rules file's own message, and nothing changes.
    expect((await send(first, 'POST', '/api/alerts/rules', LIVE_RULE, { 'Content-Type': 'application/json' })).status).toBe(401);
    expect((await send(first, 'POST', '/api/alerts/rules', LIVE_RULE, { ...admin, Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await send(first, 'DELETE', '/api/alerts/rules/cpu-any', undefined, {})).status).toBe(401);
    expect((await send(first, 'GET', '/api/alerts/config', undefined, {})).status).toBe(401);
    const bad = await send(first, 'POST', '/api/alerts/rules', { ...LIVE_RULE, threshold: 'hot' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorResponse).error.message).toBe('rules[1].threshold must be a number');
    const unknown = await send(first, 'POST', '/api/alerts/rules/cpu-any', { treshold: 5 });
    expect(((await unknown.json()) as ErrorResponse).error.message).toMatch(/^rules\[0\]: unknown key "treshold"; expected one of name, metric/);
    expect((await send(first, 'POST', '/api/alerts/rules', { ...LIVE_RULE, name: 'cpu-any' })).status).toBe(400);
    expect((await send(first, 'POST', '/api/alerts/rules/nope', { threshold: 5 })).status).toBe(404);
    expect((await alertsOf(first)).rules.map((rule) => rule.name)).toEqual(['cpu-any']);

    // A rule added over HTTP fires on the agent's samples, and its notification is sent.
    const added = await ruleChange(await send(first, 'POST', '/api/alerts/rules', LIVE_RULE), 201);
    expect(added.rule).toMatchObject({ name: 'cpu-live', forMs: 2000, clearForMs: 0 });
    expect(added.revision).toBe(2);
    const hostId = `rules-${process.pid}`;
    startAgent(first, hostId, ['--token', AGENT]);
    const [fired] = await receiver.waitFor((p) => isState('firing')(p) && payloadOf(p).rule === 'cpu-live', 1, 20_000);
    expect(payloadOf(fired!).host).toBe(hostId);

    // Disabled: shown as such, its alert withdrawn, nothing more fires; enabled again (null removes the key) it fires again.
    const disabled = await ruleChange(await send(first, 'POST', '/api/alerts/rules/cpu-live', { disabled: true }), 200);
    expect(disabled.rule).toMatchObject({ name: 'cpu-live', disabled: true, threshold: -1 });
    const withdrawn = await waitFor(() => alertsOf(first), (a) => !a.current.some((x) => x.rule === 'cpu-live'), { timeout: 10_000, message: 'the disabled rule\'s alert withdrawn' });
    expect(ruleNamed(withdrawn, 'cpu-live')?.disabled).toBe(true);
    const enabled = await ruleChange(await send(first, 'POST', '/api/alerts/rules/cpu-live', 'disabled: null\nfor: 1s\n', { ...admin, 'Content-Type': 'application/yaml' }), 200);
    expect(enabled.rule.disabled).toBeUndefined();
    expect(enabled.rule.forMs).toBe(1000);
    await waitFor(() => alertsOf(first), (a) => a.current.some((x) => x.rule === 'cpu-live' && x.state === 'firing'), { timeout: 15_000, message: 'the enabled rule firing again' });

    // A test notification reaches the rule's notifiers, marked as a test, and says what each answered.
    const tested = await send(first, 'POST', '/api/alerts/rules/cpu-any/test', undefined, { Authorization: `Bearer ${ADMIN}` });
    expect(tested.status).toBe(200);
    expect((await tested.json()) as AlertRuleTestResponse).toEqual({ rule: 'cpu-any', results: [{ notifier: 'ops', notifierType: 'webhook', ok: true, status: 204 }] });
    const [test] = await receiver.waitFor((p) => payloadOf(p).host === 'hostpulse-test', 1, 5000);
    expect(payloadOf(test!)).toMatchObject({ rule: 'cpu-any', labels: { test: 'true' }, state: 'firing' });

    // The export is the document as YAML, the secret masked.
    const exported = await send(first, 'GET', '/api/alerts/config');
    expect(exported.headers.get('content-type')).toMatch(/^application\/yaml/);
    const yaml = await exported.text();
    expect(yaml).toContain('name: cpu-live');
    expect(yaml).not.toContain(SECRET);

    // A change to a kept rule, then a delete; a second delete finds nothing.
    expect((await ruleChange(await send(first, 'POST', '/api/alerts/rules/cpu-any', { threshold: 500 }), 200)).rule.threshold).toBe(500);
    expect((await send(first, 'DELETE', '/api/alerts/rules/cpu-live', undefined, { Authorization: `Bearer ${ADMIN}` })).status).toBe(204);
    expect((await send(first, 'DELETE', '/api/alerts/rules/cpu-live', undefined, { Authorization: `Bearer ${ADMIN}` })).status).toBe(404);
    await waitFor(() => alertsOf(first), (a) => !a.current.some((x) => x.rule === 'cpu-live'), { timeout: 10_000, message: 'the deleted rule\'s alert gone' });

    // A restart with the same file keeps the admin's rules.
    await first.stop();
    const second = await startHub(args, port);
    const kept = await alertsOf(second);
    expect(kept.rules.map((rule) => [rule.name, rule.threshold])).toEqual([['cpu-any', 500]]);
    expect(kept.rulesSource).toBe('dashboard');

    // SIGHUP with the file unchanged keeps them too; once the file changed, it replaces them.
    second.proc.kill('SIGHUP');
    await second.waitForOutput(/alerts file unchanged since it was imported/, 10_000);
    expect(ruleNamed(await alertsOf(second), 'cpu-any')?.threshold).toBe(500);
    await writeFile(file, JSON.stringify({ rules: [{ name: 'from-file', metric: 'host.offline', for: '1m' }] }));
    second.proc.kill('SIGHUP');
    await second.waitForOutput(/alerts file reloaded/, 10_000);
    const replaced = await alertsOf(second);
    expect(replaced.rules.map((rule) => rule.name)).toEqual(['from-file']);
    expect(replaced.rulesSource).toBe(file);
  });

  it('adds and deletes notifiers with the admin token, never serving the secrets of their URLs back, and refuses a change past 512 KiB', { timeout: 30_000 }, async () => {
    const hub = await startHub(['--admin-token', ADMIN]);
    const ntfy = { name: 'phone', url: 'ntfy://:tk_SecretAccessToken@ntfy.example.com/hostpulse' };
    expect((await send(hub, 'POST', '/api/alerts/notifiers', ntfy, { 'Content-Type': 'application/json' })).status).toBe(401);
    const bad = await send(hub, 'POST', '/api/alerts/notifiers', { name: 'x', url: 'nope://host' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorResponse).error.message).toMatch(/^notifiers\[0\]\.url: /);

    const added = await send(hub, 'POST', '/api/alerts/notifiers', ntfy);
    const addedText = await added.text();
    expect(added.status, addedText).toBe(201);
    expect(addedText).not.toContain('tk_SecretAccessToken');
    expect(JSON.parse(addedText)).toMatchObject({ revision: 1, notifier: { name: 'phone', type: 'ntfy', queued: 0 } });
    const listed = await alertsOf(hub);
    expect(listed.notifiers.map((n) => n.name)).toEqual(['phone']);
    expect(JSON.stringify(listed)).not.toContain('tk_SecretAccessToken');
    const exported = await (await send(hub, 'GET', '/api/alerts/config')).text();
    expect(exported).toContain('name: phone');
    expect(exported).not.toContain('tk_SecretAccessToken');

    expect((await send(hub, 'DELETE', '/api/alerts/notifiers/phone', undefined, { Authorization: `Bearer ${ADMIN}` })).status).toBe(204);
    expect((await alertsOf(hub)).notifiers).toEqual([]);
    expect((await send(hub, 'DELETE', '/api/alerts/notifiers/phone', undefined, { Authorization: `Bearer ${ADMIN}` })).status).toBe(404);

    // The document stays under 512 KiB: rules of about 15 KiB each are refused past it, and the refused one is not kept.
    // Long patterns rather than many short ones: the same bytes in fewer YAML nodes, which the hub parses again at each change.
    const bulky = (i: number) => ({ name: `bulky-${i}`, metric: 'host.offline', hosts: { ids: Array.from({ length: 120 }, (_, j) => `host-${j}-${'x'.repeat(100)}-*`) } });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await send(hub, 'POST', '/api/alerts/rules', bulky(i))).status);
    const firstRefused = statuses.indexOf(400);
    expect(firstRefused).toBeGreaterThan(20);
    expect(statuses.slice(firstRefused).every((status) => status === 400)).toBe(true);
    const refused = await send(hub, 'POST', '/api/alerts/rules', bulky(99));
    expect(((await refused.json()) as ErrorResponse).error.message).toBe('the rules and notifiers would pass 512 KiB; delete some first');
    expect((await alertsOf(hub)).rules).toHaveLength(3 + firstRefused);
  });

  it('puts a rule added on one hub of a cluster in force on the other', { timeout: 60_000 }, async () => {
    const { a, b, explain } = await startTwoHubCluster(['--admin-token', ADMIN]);

    const added = await ruleChange(await send(a, 'POST', '/api/alerts/rules', { ...LIVE_RULE, for: '1s' }), 201);
    expect(added.rule.name).toBe('cpu-live');
    const onB = await waitFor(() => alertsOf(b), (x) => ruleNamed(x, 'cpu-live') !== undefined, { timeout: 10_000, message: 'the rule on hub B', explain });
    // The default rules stay beside it: the first change starts from them.
    expect(onB.rules.map((rule) => rule.name)).toEqual(['host-offline', 'fs-full', 'mem-high', 'cpu-live']);

    const hostId = `cluster-rules-${process.pid}`;
    startAgent(b, hostId);
    await waitFor(() => alertsOf(b), (x) => x.current.some((alert) => alert.rule === 'cpu-live' && alert.hostId === hostId && alert.state === 'firing'), { timeout: 20_000, message: 'the rule firing on hub B', explain });

    // A delete on B reaches A.
    expect((await send(b, 'DELETE', '/api/alerts/rules/cpu-live', undefined, { Authorization: `Bearer ${ADMIN}` })).status).toBe(204);
    await waitFor(() => alertsOf(a), (x) => ruleNamed(x, 'cpu-live') === undefined, { timeout: 10_000, message: 'the rule gone from hub A', explain });
  });
});
