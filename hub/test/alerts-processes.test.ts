import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isValid } from '@hostpulse/protocol/validate';
import { startBusyProcess } from '@hostpulse/testkit/busy-process';
import { waitForHost } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, isState, payloadOf, startAgent, startHub, tempDir, writeRules } from './helpers/alert-rig.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// Process rules and who-did-it with a real hub, real agents and real processes the test
// starts: an idle `sleep` the agent's top-15 table never lists, and a bounded busy loop.
// The busy loop loads the CPU on purpose, so this file runs in the serial project.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('process rules with a real agent', () => {
  it('fires process.absent for an idle process only once it is gone, and never on a host whose agent does not watch', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const marker = `hostpulse-idle-${process.pid}`;
    // argv0 puts the marker first on the command line: "<marker> 1000"; the process is `sleep`, idle and small.
    const idle = spawn('sleep', ['1000'], { argv0: marker, stdio: 'ignore' });
    onTestFinished(() => void idle.kill('SIGKILL'));
    const matcher = { command: marker };
    await writeFile(path.join(dir, 'alerts.json'), JSON.stringify({
      rules: [
        // Holds while the process is reported (its memory is above 0): proof that the agent sees it.
        { name: 'idle-seen', metric: 'process.rssBytes', process: matcher, op: '>', threshold: 1, clear: 0.5, clearFor: '0s' },
        { name: 'idle-gone', metric: 'process.absent', process: matcher, severity: 'critical' },
      ],
    }));
    const hub = await startHub(['--alerts-file', path.join(dir, 'alerts.json')]);
    const watching = `watching-${process.pid}`;
    const blind = `blind-${process.pid}`;
    startAgent(hub, watching, ['--processes-every', '1s']);
    // With --processes-every 0 the agent reads no processes, tells the hub it understands no watch list and gets none.
    startAgent(hub, blind, ['--processes-every', '0']);
    await waitForHost(hub.url, watching, { timeout: 15_000 });
    await waitForHost(hub.url, blind, { timeout: 15_000 });

    const seen = await waitFor(() => alertsOf(hub), (a) => a.current.some((x) => x.rule === 'idle-seen' && x.hostId === watching && x.state === 'firing'), { timeout: 15_000, message: 'the idle process reported' });
    expect(seen.current.find((x) => x.rule === 'idle-seen')!.topProcesses!.processes).toEqual([expect.objectContaining({ pid: idle.pid, name: 'sleep', command: `${marker} 1000`, cpuPct: 0 })]);
    // Busy machines leave it out of the agent's top-15 tables, quiet ones (few processes) may list it: the rules judge
    // the agent's watched report either way (process-reader.test.ts shows an idle process no table lists is reported).
    // Several more reports while it runs: no absent alert on either host.
    await sleep(3000);
    const running = await alertsOf(hub);
    expect(running.current.filter((x) => x.rule === 'idle-gone')).toEqual([]);

    const killedMs = Date.now();
    idle.kill('SIGKILL');
    const gone = await waitFor(() => alertsOf(hub), (a) => a.current.some((x) => x.rule === 'idle-gone' && x.state === 'firing'), { timeout: 15_000, message: 'the absent alert' });
    const absent = gone.current.find((x) => x.rule === 'idle-gone')!;
    expect(absent).toMatchObject({ hostId: watching, metric: 'process.absent', value: 0, severity: 'critical', threshold: null });
    expect(absent.startsAtMs!).toBeGreaterThanOrEqual(killedMs);
    await waitFor(() => alertsOf(hub), (a) => a.past.some((x) => x.rule === 'idle-seen' && x.hostId === watching), { timeout: 10_000, message: 'idle-seen resolved' });
    // The host whose agent does not watch has no process alert: nothing is known of its processes.
    const after = await alertsOf(hub);
    expect([...after.current, ...after.past].filter((x) => x.hostId === blind)).toEqual([]);
  });

  it('keeps the top processes of the moment a CPU alert fires, on the alert and in its webhook post', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const receiver = await WebhookReceiver.start();
    onTestFinished(() => receiver.stop());
    const busy = startBusyProcess(`hostpulse-who-${process.pid}`);
    onTestFinished(() => busy.stop());
    // `cpu.busyPct > -1 for 2s` fires 2 s after the first sample, while the busy loop runs.
    await writeRules(path.join(dir, 'alerts.json'), receiver.port);
    const hub = await startHub(['--alerts-file', path.join(dir, 'alerts.json')]);
    const hostId = `who-${process.pid}`;
    startAgent(hub, hostId, ['--processes-every', '1s']);
    await waitForHost(hub.url, hostId, { timeout: 15_000 });

    const [post] = await receiver.waitFor(isState('firing'), 1, 15_000);
    busy.stop();
    const payload = payloadOf(post!);
    expect(isValid('WebhookPayload', payload)).toBe(true);
    expect(payload.topProcesses!.length).toBeGreaterThan(0);
    expect(payload.topProcesses!.map((p) => p.command)).toContainEqual(expect.stringContaining(busy.marker));
    const cpus = payload.topProcesses!.map((p) => p.cpuPct);
    expect(cpus).toEqual([...cpus].sort((a, b) => b - a));

    const alerts = await alertsOf(hub);
    const alert = alerts.current.find((x) => x.rule === 'cpu-any' && x.hostId === hostId)!;
    expect(alert.topProcesses!.processes).toEqual(payload.topProcesses);
  });
});
