import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isValid } from '@hostpulse/protocol/validate';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, startHub, tempDir } from './helpers/alert-rig.js';

// The watch list between a real hub and agents the test scripts: sent only to an agent
// that said it understands `watch` (an older agent closes its socket on a message it does
// not know), with the patterns of the process rules covering its host, again on SIGHUP.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const nginxDown = { name: 'nginx-down', metric: 'process.absent', process: { name: 'nginx' }, hosts: { ids: ['web-*'] } };
const javaBig = { name: 'java-big', metric: 'process.rssBytes', process: { command: 'java -jar' }, op: '>', threshold: 4e9 };

async function connect(hubUrl: string, hostId: string): Promise<ScriptedAgent> {
  const agent = await ScriptedAgent.connect(hubUrl, hostId);
  onTestFinished(() => agent.stop());
  agent.stream();
  return agent;
}

describe('watch lists', () => {
  it('gives each agent that understands watch the patterns covering its host, again after a reload, and an older agent nothing', { timeout: 30_000 }, async () => {
    const file = path.join(await tempDir(), 'alerts.json');
    await writeFile(file, JSON.stringify({ rules: [nginxDown, javaBig] }));
    const hub = await startHub(['--alerts-file', file]);

    const older = await connect(hub.url, 'web-old');
    expect(older.welcome['accepts']).toEqual(expect.arrayContaining(['understands', 'watched']));
    const web = await connect(hub.url, 'web-1');
    const db = await connect(hub.url, 'db-1');
    for (const agent of [web, db]) agent.socket.send({ type: 'understands', types: ['watch'] });
    const webWatch = await web.socket.next((m) => m.type === 'watch');
    expect(isValid('HubWatch', webWatch)).toBe(true);
    expect(webWatch).toEqual({ type: 'watch', processes: [{ id: 'nginx-down', name: 'nginx' }, { id: 'java-big', command: 'java -jar' }] });
    expect(await db.socket.next((m) => m.type === 'watch')).toEqual({ type: 'watch', processes: [{ id: 'java-big', command: 'java -jar' }] });

    await writeFile(file, JSON.stringify({ rules: [nginxDown] }));
    hub.proc.kill('SIGHUP');
    expect(await web.socket.next((m) => m.type === 'watch', { from: web.socket.messages.indexOf(webWatch) + 1 })).toEqual({ type: 'watch', processes: [{ id: 'nginx-down', name: 'nginx' }] });
    expect((await db.socket.collect((m) => m.type === 'watch', 2))[1]).toEqual({ type: 'watch', processes: [] });

    await sleep(1000);
    // The older agent heard nothing but its welcome, and is still streaming.
    expect(older.socket.messages.map((m) => m.type)).toEqual(['welcome']);
    const hosts = (await (await fetch(`${hub.url}/api/hosts`)).json()) as { hosts: { hostId: string; online: boolean }[] };
    expect(hosts.hosts.find((h) => h.hostId === 'web-old')?.online).toBe(true);
  });

  it('judges process.absent on the reports it gets, and leaves a host that sends none alone', { timeout: 30_000 }, async () => {
    const file = path.join(await tempDir(), 'alerts.json');
    await writeFile(file, JSON.stringify({ rules: [nginxDown] }));
    const hub = await startHub(['--alerts-file', file]);
    const older = await connect(hub.url, 'web-old');
    const web = await connect(hub.url, 'web-1');
    web.socket.send({ type: 'understands', types: ['watch'] });
    await web.socket.next((m) => m.type === 'watch');
    const report = (count: number) => ({ type: 'watched', hostId: 'web-1', runId: web.runId, tsMs: Date.now(), matches: [{ id: 'nginx-down', count, processes: [] }] });
    web.socket.send(report(1));
    await sleep(1500);
    expect((await alertsOf(hub)).current).toEqual([]);
    web.socket.send(report(0));
    const alerts = await waitFor(() => alertsOf(hub), (a) => a.current.length > 0, { timeout: 5000, message: 'the absent alert' });
    expect(alerts.current).toEqual([expect.objectContaining({ rule: 'nginx-down', hostId: 'web-1', state: 'firing', value: 0 })]);
    expect(older.socket.messages.map((m) => m.type)).toEqual(['welcome']);
  });
});
