import { execFileSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HubStats } from '@hostpulse/protocol';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { TestSocket } from '@hostpulse/testkit/test-socket';
import { waitFor } from '@hostpulse/testkit/waits';

/** A descriptor limit low enough to reach with a few hundred sockets, high enough for the hub to start. */
const LOW_NOFILE = 256;

/** Opens a WebSocket; resolves with it once open, or with the HTTP status of a refused upgrade, or 'no answer' after 3 s. */
function upgrade(url: string, options: { headers?: Record<string, string>; localAddress?: string } = {}): Promise<WebSocket | number | 'no answer'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    const timer = setTimeout(() => {
      ws.terminate();
      resolve('no answer');
    }, 3000);
    ws.once('open', () => (clearTimeout(timer), resolve(ws)));
    ws.once('unexpected-response', (_req, res) => (clearTimeout(timer), ws.terminate(), resolve(res.statusCode ?? 0)));
    ws.once('error', () => (clearTimeout(timer), resolve('no answer')));
  });
}

const faultsOf = async (url: string): Promise<Record<string, number>> => ((await (await fetch(`${url}/api/stats`)).json()) as HubStats).faults;

const lowerNofile = (hub: HubProcess): void => void execFileSync('prlimit', ['--pid', String(hub.proc.pid), `--nofile=${LOW_NOFILE}:${LOW_NOFILE}`]);

let cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('a hub short of file descriptors', () => {
  it('refuses /live upgrades with 503 before it runs out, counts them, and keeps serving the sockets it holds', async () => {
    const hub = await startHubProcess();
    cleanup.push(() => hub.stop());
    lowerNofile(hub);
    const watcher = await TestSocket.open(`ws://127.0.0.1:${hub.port}/live`);
    cleanup.push(() => watcher.ws.terminate());
    watcher.send({ type: 'subscribe', topic: 'stats' });
    const held: WebSocket[] = [];
    cleanup.push(() => held.forEach((ws) => ws.terminate()));
    let refusal: number | 'no answer' | undefined;
    for (let i = 0; i < LOW_NOFILE + 50 && refusal === undefined; i++) {
      const outcome = await upgrade(`ws://127.0.0.1:${hub.port}/live`);
      if (typeof outcome === 'object') held.push(outcome);
      else refusal = outcome;
    }
    expect({ refusal, exitCode: hub.proc.exitCode }).toEqual({ refusal: 503, exitCode: null });
    expect(held.length).toBeGreaterThan(LOW_NOFILE / 2);
    // With every socket still held: the hub answers, counts, and keeps publishing.
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    expect((await faultsOf(hub.url))['outOfDescriptors']).toBeGreaterThanOrEqual(1);
    const from = watcher.messages.length;
    await watcher.next((m) => m.type === 'stats', { from, timeoutMs: 5000 });
    expect(held.every((ws) => ws.readyState === WebSocket.OPEN)).toBe(true);
    expect(hub.output()).not.toMatch(/EMFILE/);
  });

  it('outlives half-sent requests that take every descriptor, and answers /healthz once they go', async () => {
    const hub = await startHubProcess();
    cleanup.push(() => hub.stop());
    lowerNofile(hub);
    const sockets: Socket[] = [];
    cleanup.push(() => sockets.forEach((socket) => socket.destroy()));
    for (let i = 0; i < LOW_NOFILE + 100; i++) {
      const socket = connect(hub.port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write('GET /api/overview HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      sockets.push(socket);
    }
    // The hub's once-a-second work (its own figures among them) runs while it has no descriptor left.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    sockets.forEach((socket) => socket.destroy());
    const healthz = await waitFor(
      () => fetch(`${hub.url}/healthz`).then((res) => res.status, () => 0),
      (status) => status === 200 || hub.proc.exitCode !== null,
      { timeout: 15_000, message: 'hub answers /healthz' },
    ).catch(() => 0);
    expect({ healthz, exitCode: hub.proc.exitCode }).toEqual({ healthz: 200, exitCode: null });
    expect(hub.output()).not.toMatch(/EMFILE/);
  });
});

describe('sockets per client address', () => {
  const open = (hub: TestHub, path: string, options?: { headers?: Record<string, string>; localAddress?: string }) =>
    upgrade(`ws://127.0.0.1:${hub.port}${path}`, options).then((outcome) => {
      if (typeof outcome === 'object') cleanup.push(() => outcome.terminate());
      return typeof outcome === 'object' ? 'open' : outcome;
    });

  it('refuses past --max-sockets-per-address with 429, counting /agent and /live together, per source address', async () => {
    const hub = await startTestHub(['--max-sockets-per-address', '2']);
    cleanup.push(() => hub.stop());
    expect(await open(hub, '/live')).toBe('open');
    expect(await open(hub, '/agent')).toBe('open');
    expect(await open(hub, '/live')).toBe(429);
    expect(await open(hub, '/agent')).toBe(429);
    expect(await open(hub, '/live', { localAddress: '127.0.0.2' })).toBe('open');
    expect((await faultsOf(hub.url))['tooManySockets']).toBe(2);
  });

  it('frees a place when a socket closes', async () => {
    const hub = await startTestHub(['--max-sockets-per-address', '1']);
    cleanup.push(() => hub.stop());
    const first = await TestSocket.open(`ws://127.0.0.1:${hub.port}/live`);
    expect(await open(hub, '/live')).toBe(429);
    first.ws.close();
    await first.closed;
    await waitFor(() => open(hub, '/live'), (outcome) => outcome === 'open', { timeout: 5000, message: 'a place again' });
  });

  it('tells clients behind a --trusted-proxy apart by the address it appends to X-Forwarded-For, and no one else', async () => {
    const hub = await startTestHub(['--max-sockets-per-address', '1', '--trusted-proxy', '127.0.0.1']);
    cleanup.push(() => hub.stop());
    const via = (forwardedFor: string, localAddress = '127.0.0.1') => open(hub, '/live', { headers: { 'x-forwarded-for': forwardedFor }, localAddress });
    expect(await via('203.0.113.5')).toBe('open');
    expect(await via('203.0.113.5')).toBe(429);
    // What the client itself wrote before the proxy's entry counts for nothing.
    expect(await via('198.51.100.9, 203.0.113.5')).toBe(429);
    expect(await via('203.0.113.6')).toBe('open');
    // A chain: the trusted proxy's own entry is skipped.
    expect(await via('198.51.100.7, 127.0.0.1')).toBe('open');
    // From an address that is no trusted proxy, X-Forwarded-For is ignored.
    expect(await via('192.0.2.1', '127.0.0.2')).toBe('open');
    expect(await via('192.0.2.2', '127.0.0.2')).toBe(429);
  });
});
