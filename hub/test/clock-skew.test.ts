import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSqlite } from '@hostpulse/hub/native';
import type { Sample } from '@hostpulse/protocol';
import { hubStats, waitForSeq } from '@hostpulse/testkit/hub-reads';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { makeSample } from '@hostpulse/testkit/samples';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, payloadOf } from './helpers/alert-rig.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// A real hub process with a data dir and agents driven by the test, whose samples carry
// whatever time the test gives them: what a wrong agent clock or a replayed buffer does
// to alerts and to what the hub keeps on disk.
const YEAR_MS = 365 * 86_400_000;
const AGENT_TOKEN = 'clock-agent-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-clock-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function hubWith(args: string[]): Promise<HubProcess> {
  const hub = await startHubProcess(['--agent-token', AGENT_TOKEN, ...args]);
  cleanups.push(() => hub.stop('SIGKILL'));
  return hub;
}

async function agentOn(hub: HubProcess, hostId: string, runId = 'run-1'): Promise<ScriptedAgent> {
  const agent = await ScriptedAgent.connect(hub.url, hostId, { token: AGENT_TOKEN, runId });
  cleanups.push(async () => agent.stop());
  return agent;
}

/** A sample of `busyPct` CPU dated `tsMs`. */
function cpuSample(agent: ScriptedAgent, seq: number, tsMs: number, busyPct: number): Sample {
  const sample = makeSample(agent.hostId, agent.runId, seq);
  const total = { ...sample.cpu.total, userPct: busyPct, systemPct: 0, idlePct: 100 - busyPct };
  return { ...sample, tsMs, cpu: { total, cores: [total] } };
}

const send = (agent: ScriptedAgent, sample: Sample): void => agent.socket.send({ type: 'sample', sample });

async function writeRules(dir: string, rule: Record<string, unknown>, receiverPort?: number): Promise<string> {
  const file = path.join(dir, 'alerts.json');
  const notifiers = receiverPort === undefined ? [] : [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiverPort}/hook`, secret: 'clock-secret' }];
  await writeFile(file, JSON.stringify({ rules: [{ name: 'cpu-busy', metric: 'cpu.busyPct', op: '>', threshold: 10, severity: 'critical', ...rule }], notifiers }));
  return file;
}

const statesOf = async (hub: HubProcess) => (await alertsOf(hub)).current.map((a) => `${a.rule} ${a.state}`);

describe('agent clocks far from the hub', () => {
  it('a busy sample dated 10 years ahead fires, correct idle samples resolve it, and a restarted hub still evaluates', async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    const args = ['--data-dir', dataDir, '--alerts-file', await writeRules(dir, { for: '0s', clearFor: '0s' })];
    const hub = await hubWith(args);
    const agent = await agentOn(hub, 'skewed-1');
    send(agent, cpuSample(agent, 1, Date.now() + 10 * YEAR_MS, 90));
    await waitFor(() => statesOf(hub), (s) => s.length === 1, { message: 'the alert on the future-dated sample' });
    expect(await statesOf(hub)).toEqual(['cpu-busy firing']);
    for (const seq of [2, 3]) send(agent, cpuSample(agent, seq, Date.now(), 1));
    await waitFor(() => statesOf(hub), (s) => s.length === 0, { message: 'the alert resolved by idle samples' });
    const stats = await hubStats(hub.url);
    expect(stats.faults.clockSkew).toBe(1);
    expect(hub.output().match(/sample re-timed/g)).toHaveLength(1);
    expect(hub.output()).toMatch(/sample re-timed.*hostId=skewed-1/);

    agent.stop();
    expect(await hub.stop('SIGTERM')).toBe(0);
    const again = await hubWith(args);
    const back = await agentOn(again, 'skewed-1');
    send(back, cpuSample(back, 4, Date.now(), 90));
    await waitFor(() => statesOf(again), (s) => s.length === 1, { message: 'the alert after the restart' });
    expect(await statesOf(again)).toEqual(['cpu-busy firing']);
  });

  it('keeps samples dated 20 years ahead on disk at their receive time, so retention and --max-disk judge them by the hub clock', async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    const hub = await hubWith(['--data-dir', dataDir]);
    const agent = await agentOn(hub, 'future-1');
    const startMs = Date.now();
    for (let seq = 1; seq <= 5; seq++) send(agent, cpuSample(agent, seq, startMs + 20 * YEAR_MS + seq * 1000, 5));
    await waitForSeq(hub.url, 'future-1', 5);
    const clockSkew = (await hubStats(hub.url)).faults.clockSkew;
    agent.stop();
    expect(await hub.stop('SIGTERM')).toBe(0);

    const db = new (loadSqlite())(path.join(dataDir, 'hostpulse.db'), { readonly: true });
    const raw = db.prepare('SELECT MIN(from_ms) AS fromMs, MAX(to_ms) AS toMs, SUM(rows) AS rows FROM raw').get() as { fromMs: number; toMs: number; rows: number };
    db.close();
    expect(raw.rows).toBe(5);
    expect(raw.fromMs).toBeGreaterThanOrEqual(startMs);
    expect(raw.toMs).toBeLessThanOrEqual(Date.now());
    expect(clockSkew).toBe(5);
  });

  it('an agent replaying its buffer after an outage: a busy spell that cleared within the burst is never posted, one still going fires once caught up', async () => {
    const dir = await tempDir();
    const receiver = await WebhookReceiver.start();
    cleanups.push(() => receiver.stop());
    const hub = await hubWith(['--data-dir', path.join(dir, 'data'), '--alerts-file', await writeRules(dir, { for: '3s' }, receiver.port)]);

    // The agent was cut off for two minutes and sends its buffer back to back: busy 30 s from 90 s ago, then idle.
    const agent = await agentOn(hub, 'replay-1');
    const nowMs = Date.now();
    for (let seq = 1; seq <= 120; seq++) send(agent, cpuSample(agent, seq, nowMs - (120 - seq) * 1000, seq >= 30 && seq < 60 ? 90 : 1));
    await waitForSeq(hub.url, 'replay-1', 120);
    for (let seq = 121; seq <= 123; seq++) {
      await sleep(1000);
      send(agent, cpuSample(agent, seq, Date.now(), 1));
    }
    await waitForSeq(hub.url, 'replay-1', 123);
    const quiet = await alertsOf(hub);
    expect(quiet.current).toEqual([]);
    expect(quiet.past).toEqual([]);

    // The next outage ends while the host is busy: the alert fires on the first live sample, once.
    const busyFromMs = Date.now() - 20_000;
    for (let seq = 124; seq <= 143; seq++) send(agent, cpuSample(agent, seq, busyFromMs + (seq - 124) * 1000, 90));
    await waitForSeq(hub.url, 'replay-1', 143);
    await sleep(1000);
    send(agent, cpuSample(agent, 144, Date.now(), 90));
    const [firing] = await receiver.waitFor((post) => payloadOf(post).state === 'firing', 1, 10_000);
    expect(payloadOf(firing!)).toMatchObject({ rule: 'cpu-busy', host: 'replay-1', state: 'firing' });
    await sleep(1500);
    expect(receiver.posts.map((post) => payloadOf(post).state)).toEqual(['firing']);
  });
});
