import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostInfo, HostSample, ProcessesResponse, SamplesResponse } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { AGENT_MAIN, startAgentProcess } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { waitForHost } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';
import { busyLoop } from '@hostpulse/testkit/busy-process';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TestSocket } from '@hostpulse/testkit/test-socket';

// The real agent (agent/dist/main.js) against a real hub, both as processes.
const TOKEN = 'integration-token';
const INTERVAL_MS = 1000;

async function subscribeHost(hub: HubProcess, hostId: string): Promise<TestSocket> {
  const live = await TestSocket.open(`ws://127.0.0.1:${hub.port}/live`);
  live.send({ type: 'subscribe', topic: `host/${hostId}` });
  await live.next((m) => m.type === 'snapshot');
  return live;
}

describe('real agent and hub', () => {
  let hub: HubProcess;
  let agent: Child;
  const hostId = `real-${process.pid}`;

  beforeAll(async () => {
    hub = await startHubProcess(['--agent-token', TOKEN]);
    agent = startAgentProcess(hub.url, ['--token', TOKEN, '--interval', String(INTERVAL_MS), '--host-id', hostId]);
    await waitForHost(hub.url, hostId);
  });
  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
  });

  it("streams this host's samples to a /live subscriber at the interval with every field present", async () => {
    const live = await subscribeHost(hub, hostId);
    const frames = await live.collect((m) => m.type === 'sample', 3);
    const samples = frames.map((m) => m['sample'] as HostSample);
    for (const frame of frames) expect(isValid('LiveSample', frame)).toBe(true);
    for (const sample of samples) {
      expect(sample).toMatchObject({ hostId, intervalMs: INTERVAL_MS });
      expect(sample.cpu.cores.length).toBeGreaterThan(0);
      expect(sample.mem.totalBytes).toBeGreaterThan(0);
      expect(sample.net.length).toBeGreaterThan(0);
      expect(sample.disk.length).toBeGreaterThan(0);
      expect(sample.hubRxMs).toBeGreaterThan(0);
    }
    expect(samples.map((s) => s.seq - samples[0]!.seq)).toEqual([0, 1, 2]);
    // One sample per interval: a loose bound on the agent's own timestamps, not a latency figure.
    for (let i = 1; i < samples.length; i++) {
      const gap = samples[i]!.tsMs - samples[i - 1]!.tsMs;
      expect(gap).toBeGreaterThan(INTERVAL_MS / 2);
      expect(gap).toBeLessThan(INTERVAL_MS * 2);
    }

    // The polling API returns the same seqs, and 304 once the client holds the newest.
    const polled = (await (await fetch(`${hub.url}/api/hosts/${hostId}/samples`)).json()) as SamplesResponse;
    const polledSeqs = new Set(polled.samples.map((s) => s.seq));
    for (const sample of samples) expect(polledSeqs.has(sample.seq)).toBe(true);
    const byPoll = polled.samples.find((s) => s.seq === samples[0]!.seq)!;
    expect(byPoll).toEqual(samples[0]);
    let status = 0;
    for (let attempt = 0; attempt < 5 && status !== 304; attempt++) {
      const res = await fetch(`${hub.url}/api/hosts/${hostId}/samples?run=${polled.runId}&after=${polled.lastSeq}`);
      await res.arrayBuffer();
      const again = await fetch(`${hub.url}/api/hosts/${hostId}/samples?run=${polled.runId}&after=${polled.lastSeq}`, {
        headers: { 'If-None-Match': res.headers.get('etag')! },
      });
      status = again.status;
    }
    expect(status).toBe(304);

    // The overview shows the machine's figures.
    const overview = (await (await fetch(`${hub.url}/api/overview`)).json()) as { hosts: { hostId: string; metrics: unknown }[] };
    expect(overview.hosts.find((h) => h.hostId === hostId)?.metrics).toMatchObject({
      cpuPct: expect.any(Number),
      memUsedPct: expect.any(Number),
      netRxBytesPerSec: expect.any(Number),
      diskReadBytesPerSec: expect.any(Number),
    });
    live.close();
  });

  it('turns the host offline for subscribers when the agent is killed', async () => {
    const live = await subscribeHost(hub, hostId);
    await live.next((m) => m.type === 'sample');
    await agent.stop('SIGKILL');
    const status = await live.next((m) => m.type === 'host-status', { timeoutMs: 10_000 });
    expect(status).toMatchObject({ hostId, online: false });
    const host = (await (await fetch(`${hub.url}/api/hosts/${hostId}`)).json()) as HostInfo;
    expect([host.online, host.connected]).toEqual([false, false]);
    live.close();
  });

  it('refuses an agent with a wrong token at the upgrade, and that agent exits 1 saying so', async () => {
    const wrong = startAgentProcess(hub.url, ['--token', 'not-the-token', '--interval', String(INTERVAL_MS), '--host-id', 'intruder']);
    expect(await wrong.exited).toBe(1);
    expect(wrong.output()).toMatch(/token/i);
    expect((await fetch(`${hub.url}/api/hosts/intruder`)).status).toBe(404);
  });

  it('tells at warn level, naming --host-id, why an agent whose host id another agent holds is refused (4409)', async () => {
    const cloned = `cloned-${process.pid}`;
    const first = await ScriptedAgent.connect(hub.url, cloned, { token: TOKEN, intervalMs: 500 });
    first.stream();
    const second = startAgentProcess(hub.url, ['--token', TOKEN, '--interval', String(INTERVAL_MS), '--host-id', cloned]);
    try {
      await expect.poll(() => second.output(), { timeout: 10_000 }).toMatch(/warn agent: host id in use by another agent .*hostId=/);
      const line = second.output().split('\n').find((l) => l.includes('host id in use'))!;
      expect(line).toContain(`hostId=${cloned}`);
      expect(line).toMatch(/--host-id/);
      expect(line).toMatch(/hostIdConflict \(4409\)/);
      const samples = (await (await fetch(`${hub.url}/api/hosts/${cloned}/samples`)).json()) as SamplesResponse;
      expect(samples.runId).toBe('run-1');
    } finally {
      await second.stop();
      first.stop();
    }
  });
});

describe('top processes', () => {
  it('puts a busy process started by the test at the top of the CPU list within 10 s, with its marker in the command', { timeout: 60_000 }, async () => {
    // The agent and the busy process run in a PID namespace of their own, as in a container: its /proc
    // lists them alone, so on a machine shared with other work no busy process of someone else's can
    // out-run the test's. unshare needs root or unprivileged user namespaces (Debian has both).
    const hub = await startHubProcess(['--agent-token', TOKEN]);
    const dir = mkdtempSync(join(tmpdir(), 'hostpulse-busy-'));
    const goFile = join(dir, 'go');
    const hostId = `procs-${process.pid}`;
    const marker = `hostpulse-busy-${process.pid}`;
    // The shell is pid 1 there: it starts the agent, waits for the go file, then becomes the busy process.
    const script = 'node "$1" --hub "$2" --token "$3" --host-id "$4" --interval 1000 --processes-every 2s & while [ ! -e "$5" ]; do sleep 0.1; done; exec node -e "$6" "$7"';
    const userns = process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'];
    const namespace = spawn('unshare', [...userns, '--pid', '--fork', '--mount-proc', '--kill-child', 'sh', '-c', script, 'sh', AGENT_MAIN, `ws://127.0.0.1:${hub.port}`, TOKEN, hostId, goFile, busyLoop(), marker], { stdio: 'ignore' });
    try {
      await waitForHost(hub.url, hostId, { timeout: 20_000 });
      writeFileSync(goFile, '');
      const processes = async (): Promise<ProcessesResponse> => (await (await fetch(`${hub.url}/api/hosts/${hostId}/processes`)).json()) as ProcessesResponse;
      const body = await waitFor(processes, (b) => b.table?.processes[0]?.command.includes(marker) ?? false, { timeout: 10_000, interval: 250, message: 'the busy process at the top of the list' });
      expect(isValid('ProcessesResponse', body)).toBe(true);
      const [top, next] = body.table!.processes;
      expect(top).toMatchObject({ name: 'node', state: 'R', command: expect.stringContaining(marker) });
      expect(top!.cpuPct).toBeGreaterThan(next!.cpuPct);
      // In its own namespace the agent sees its shell-turned-busy-process, itself and nothing else.
      expect(body.table!.processCount).toBe(2);
      expect(body.table!.groups.map((g) => g.id)).toContain(top!.groupId);
    } finally {
      // unshare ignores SIGTERM while it waits; once it dies, --kill-child ends pid 1 and with it the namespace.
      namespace.kill('SIGKILL');
      await new Promise((resolve) => (namespace.exitCode !== null ? resolve(null) : namespace.once('exit', resolve)));
      rmSync(dir, { recursive: true, force: true });
      await hub.stop();
    }
  });
});
