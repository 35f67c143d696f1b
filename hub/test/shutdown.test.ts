import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '@hostpulse/protocol';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TestSocket } from '@hostpulse/testkit/test-socket';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function get(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: target, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function connectError(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('hub shutdown', () => {
  it('on SIGTERM stops accepting, closes every socket with 1001, finishes the response in flight, then exits 0', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-shutdown-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html>');
    // A FIFO as a dashboard file: the hub's read of it waits until the test writes, so the response stays in flight.
    const fifo = path.join(dir, 'slow.js');
    execFileSync('mkfifo', [fifo]);
    const hub = await startHubProcess(['--dashboard-dir', dir]);
    cleanups.push(() => hub.stop('SIGKILL'));
    const agent = await ScriptedAgent.connect(hub.url, 'leaving-host');
    const live = await TestSocket.open(`ws://127.0.0.1:${hub.port}/live`);

    const response = get(hub.port, '/slow.js');
    // Opening the FIFO for writing returns once the hub opened it for reading: the request is in flight.
    const writer = await open(fifo, 'w');
    const exited = hub.stop('SIGTERM');
    expect((await agent.socket.closed).code).toBe(CloseCode.goingAway);
    expect((await live.closed).code).toBe(CloseCode.goingAway);
    expect(await connectError(hub.port)).toBe('ECONNREFUSED');
    expect(hub.proc.exitCode).toBeNull();

    await writer.writeFile('console.log("finished after SIGTERM")');
    await writer.close();
    expect(await response).toEqual({ status: 200, body: 'console.log("finished after SIGTERM")' });
    expect(await exited).toBe(0);
    expect(hub.output()).toMatch(/stopped reason=SIGTERM inFlight=1/);
  });
});
