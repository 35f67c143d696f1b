import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { freePort } from '@hostpulse/testkit/ports';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { hostSamples, oneTo, seqsOfRun, waitForSeq } from '@hostpulse/testkit/hub-reads';
import { TcpRelay } from '@hostpulse/testkit/tcp-relay';

// Real agent processes against a real hub process, with the faults done for real:
// SIGKILL, a network path that stalls, SIGTERM while the hub is out of reach.
const INTERVAL_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function agentOn(port: number, hostId: string, extra: string[] = []): Child {
  const agent = startAgentProcess(`http://127.0.0.1:${port}`, ['--interval', String(INTERVAL_MS), '--host-id', hostId, ...extra]);
  cleanups.push(() => agent.stop());
  return agent;
}

async function hubOn(port = 0, args: string[] = []): Promise<HubProcess> {
  const hub = await startHubProcess(args, { port });
  cleanups.push(() => hub.stop('SIGKILL'));
  return hub;
}

describe('nothing lost', () => {
  it('three agents replay into a hub killed with SIGKILL and started again 5 s later: no gap, no duplicate', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const first = await hubOn(port);
    const hostIds = ['kill-a', 'kill-b', 'kill-c'].map((id) => `${id}-${process.pid}`);
    hostIds.forEach((hostId) => agentOn(port, hostId));
    const before = await Promise.all(hostIds.map((hostId) => waitForSeq(first.url, hostId, 5)));
    await first.stop('SIGKILL');
    await sleep(5000);
    const second = await hubOn(port);
    // The agents sampled all along: each run's seq passed the kill by 5 s of samples, and more.
    const minSeq = Math.max(...before.map((b) => b.lastSeq)) + 5000 / INTERVAL_MS + 5;
    for (const [i, hostId] of hostIds.entries()) {
      const body = await waitForSeq(second.url, hostId, minSeq, 40_000);
      expect(body.runId).toBe(before[i]!.runId);
      // The new hub knew nothing: every seq of the run came back by replay, once each and in order.
      expect(seqsOfRun(body, body.runId)).toEqual(oneTo(body.lastSeq));
    }
    expect(second.output()).toMatch(/agent connected hostId=kill-a-\d+ runId=\S+ remote=\S+ lastSeq=0/);
  });

  it('agents streaming into a hub with a data dir killed with SIGKILL: it reads each run\'s last stored seq, the agents send only what follows, no gap, no duplicate', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-kill-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const port = await freePort();
    // A hub with a data dir wants an agent token: given here, so the hub keeps none of its own.
    const args = ['--data-dir', path.join(dir, 'data'), '--agent-token', 'disk-agent-token'];
    const first = await hubOn(port, args);
    const hostIds = ['disk-a', 'disk-b'].map((id) => `${id}-${process.pid}`);
    hostIds.forEach((hostId) => agentOn(port, hostId, ['--token', 'disk-agent-token']));
    // Past the first early write of each open chunk (every 10 s), so the disk holds part of every run.
    const before = await Promise.all(hostIds.map((hostId) => waitForSeq(first.url, hostId, 12_000 / INTERVAL_MS, 30_000)));
    await first.stop('SIGKILL');
    await sleep(2000);
    const second = await hubOn(port, args);
    expect(second.output()).toMatch(/hostsRestored=2/);
    const minSeq = Math.max(...before.map((b) => b.lastSeq)) + 2000 / INTERVAL_MS + 5;
    for (const [i, hostId] of hostIds.entries()) {
      const body = await waitForSeq(second.url, hostId, minSeq, 30_000);
      expect(body.runId).toBe(before[i]!.runId);
      const stored = Number(new RegExp(`agent connected hostId=${hostId} runId=\\S+ remote=\\S+ lastSeq=(\\d+)`).exec(second.output())![1]);
      // The restarted hub knew the run from disk: the agent replayed only after what was stored.
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThanOrEqual(before[i]!.lastSeq);
      expect(seqsOfRun(body, body.runId)).toEqual(oneTo(body.lastSeq));
    }
  });

  it('an agent restarted starts a new run from seq 1; the hub keeps the old run before it, both in order', { timeout: 30_000 }, async () => {
    const hub = await hubOn();
    const hostId = `restart-run-${process.pid}`;
    const first = agentOn(hub.port, hostId);
    const old = await waitForSeq(hub.url, hostId, 4);
    expect(await first.stop('SIGTERM')).toBe(0);
    const oldLast = Number(/stopped lastSeq=(\d+)/.exec(first.output())![1]);
    agentOn(hub.port, hostId);
    let body = old;
    for (let tries = 0; tries < 100 && (body.runId === old.runId || body.lastSeq < 4); tries++) {
      await sleep(100);
      body = (await hostSamples(hub.url, hostId))!;
    }
    expect(body.runId).not.toBe(old.runId);
    expect(body.samples.map((s) => `${s.runId}:${s.seq}`)).toEqual([
      ...oneTo(oldLast).map((seq) => `${old.runId}:${seq}`),
      ...oneTo(body.lastSeq).map((seq) => `${body.runId}:${seq}`),
    ]);
  });

  it('an agent whose path stalls without a close finds out by ping, reconnects, and the run has no gap', { timeout: 40_000 }, async () => {
    const hub = await hubOn();
    const relay = await TcpRelay.start(hub.port);
    cleanups.push(() => relay.close());
    const hostId = `stall-${process.pid}`;
    const agent = agentOn(relay.port, hostId, ['--ping-interval', '500ms']);
    const before = await waitForSeq(hub.url, hostId, 5);
    relay.stall();
    // Samples taken during the stall go into a black hole first, then come back by replay.
    const body = await waitForSeq(hub.url, hostId, before.lastSeq + 20, 20_000);
    expect(agent.output()).toMatch(/hub connection lost .*no answer to ping within 500 ms/);
    expect(relay.accepted).toBeGreaterThanOrEqual(2);
    // The hub still held the stalled socket; the same run's new connection replaced it at once.
    expect(hub.output()).toMatch(new RegExp(`agent connected hostId=${hostId} .*replaced=true`));
    expect(body.runId).toBe(before.runId);
    expect(seqsOfRun(body, body.runId)).toEqual(oneTo(body.lastSeq));
  });

  it('an agent sent SIGTERM while the hub is out of reach hands over its buffer once the hub is back within the grace period', { timeout: 30_000 }, async () => {
    const hub = await hubOn();
    const relay = await TcpRelay.start(hub.port);
    cleanups.push(() => relay.close());
    const hostId = `term-${process.pid}`;
    const agent = agentOn(relay.port, hostId);
    const before = await waitForSeq(hub.url, hostId, 3);
    relay.refuse();
    await sleep(1500);
    agent.proc.kill('SIGTERM');
    await sleep(300);
    relay.forward();
    expect(await agent.exited).toBe(0);
    const stopped = /stopped lastSeq=(\d+) sentSeq=(\d+)/.exec(agent.output());
    expect(stopped).not.toBeNull();
    const lastSeq = Number(stopped![1]);
    // Samples taken while the hub was away, all of them delivered on the way out.
    expect(lastSeq).toBeGreaterThan(before.lastSeq + 1500 / INTERVAL_MS / 2);
    const body = (await hostSamples(hub.url, hostId))!;
    expect(seqsOfRun(body, before.runId)).toEqual(oneTo(lastSeq));
  });
});
