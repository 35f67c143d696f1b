import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Sample } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import type { HubProcess } from '@hostpulse/testkit/hub-process';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, payloadOf, SECRET, startHub, tempDir } from './helpers/alert-rig.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// A real hub process, an agent driven by the test and a webhook receiver: a CPU series
// that dips for one sample, and a rules file whose rule is renamed while its alert fires.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function receiverForTest(): Promise<WebhookReceiver> {
  const receiver = await WebhookReceiver.start();
  onTestFinished(() => receiver.stop());
  return receiver;
}

async function writeRules(file: string, receiverPort: number, rules: Record<string, unknown>[]): Promise<void> {
  await writeFile(file, JSON.stringify({ rules, notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiverPort}/hook`, secret: SECRET }] }));
}

async function agentOn(hub: HubProcess, hostId: string): Promise<ScriptedAgent> {
  const agent = await ScriptedAgent.connect(hub.url, hostId);
  onTestFinished(() => agent.stop());
  return agent;
}

/** Sends the next sample, taken now, with `busyPct` CPU. */
function sendCpu(agent: ScriptedAgent, seq: number, busyPct: number): number {
  const sample = makeSample(agent.hostId, agent.runId, seq);
  const total = { ...sample.cpu.total, userPct: busyPct, systemPct: 0, idlePct: 100 - busyPct };
  const tsMs = Date.now();
  agent.socket.send({ type: 'sample', sample: { ...sample, tsMs, cpu: { total, cores: [total] } } satisfies Sample });
  return tsMs;
}

const postsOf = (receiver: WebhookReceiver) => receiver.posts.map((post) => `${payloadOf(post).rule} ${payloadOf(post).state}`);

describe('alerts that mean it', () => {
  it('holds a firing alert through a one-sample dip (default clearFor), and resolves it once idle for clearFor', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const receiver = await receiverForTest();
    const file = path.join(dir, 'alerts.json');
    await writeRules(file, receiver.port, [{ name: 'cpu-busy', metric: 'cpu.busyPct', op: '>', threshold: 50, for: '0s', severity: 'critical' }]);
    const hub = await startHub(['--alerts-file', file]);
    const agent = await agentOn(hub, 'bursty-1');

    // Busy, one idle sample, busy again: a sample a second, as an agent sends them.
    let seq = 0;
    for (const busy of [90, 90, 90, 2, 90, 90, 90]) {
      sendCpu(agent, ++seq, busy);
      await sleep(1000);
    }
    expect(postsOf(receiver)).toEqual(['cpu-busy firing']);
    expect((await alertsOf(hub)).current).toEqual([expect.objectContaining({ rule: 'cpu-busy', state: 'firing' })]);

    // Idle from now on: resolved once, no sooner than 10 s (the default clearFor for a `for` of 0) after the first idle sample.
    const idleFromMs = sendCpu(agent, ++seq, 2);
    for (let i = 0; i < 25 && !receiver.posts.some((post) => payloadOf(post).state === 'resolved'); i++) {
      await sleep(1000);
      sendCpu(agent, ++seq, 2);
    }
    const [resolved] = await receiver.waitFor((post) => payloadOf(post).state === 'resolved', 1, 5000);
    expect(Date.parse(payloadOf(resolved!).endsAt!) - idleFromMs).toBeGreaterThanOrEqual(10_000);
    await sleep(1500);
    expect(postsOf(receiver)).toEqual(['cpu-busy firing', 'cpu-busy resolved']);
  });

  it('posts no "resolved" for a host still offline when its rule is renamed; the new name fires', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const receiver = await receiverForTest();
    const file = path.join(dir, 'alerts.json');
    await writeRules(file, receiver.port, [{ name: 'host-offline', metric: 'host.offline', for: '1s' }]);
    const hub = await startHub(['--alerts-file', file]);
    const agent = await agentOn(hub, 'gone-1');
    sendCpu(agent, 1, 2);
    await waitFor(() => alertsOf(hub), (a) => a.rules.length === 1);
    agent.stop();
    await receiver.waitFor((post) => payloadOf(post).state === 'firing', 1, 20_000);

    await writeRules(file, receiver.port, [{ name: 'hosts-down', metric: 'host.offline', for: '1s' }]);
    hub.proc.kill('SIGHUP');
    await receiver.waitFor((post) => payloadOf(post).rule === 'hosts-down', 1, 10_000);
    await sleep(1500);
    expect(postsOf(receiver)).toEqual(['host-offline firing', 'hosts-down firing']);
    const after = await alertsOf(hub);
    expect(after.current).toEqual([expect.objectContaining({ rule: 'hosts-down', hostId: 'gone-1', state: 'firing' })]);
    expect(after.past).toEqual([]);
  });
});
