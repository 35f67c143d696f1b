import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { PROTOCOL_VERSION } from '@hostpulse/protocol';
import { isValid, parseAgentMessage } from '@hostpulse/protocol/validate';
import { waitFor } from '@hostpulse/testkit/waits';

// The built CLI, as a user runs it (npm test builds first).
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface Agent {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function agent(args: string[], env: Record<string, string> = {}): Agent {
  const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** A stand-in hub on a real socket that checks the token and welcomes with lastSeq 0. */
async function fakeHub(token: string) {
  const frames: string[] = [];
  const closeCodes: number[] = [];
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (info, cb) => cb(info.req.headers.authorization === `Bearer ${token}`, 401),
  });
  servers.push(wss);
  wss.on('connection', (socket) => {
    socket.on('close', (code) => closeCodes.push(code));
    socket.on('message', (data) => {
      const text = data.toString();
      frames.push(text);
      const parsed = parseAgentMessage(text);
      if (parsed.ok && parsed.message.type === 'hello') {
        const m = parsed.message;
        socket.send(JSON.stringify({ type: 'welcome', protocolVersion: PROTOCOL_VERSION, hostId: m.hostId, runId: m.runId, lastSeq: 0, hubTimeMs: Date.now() }));
      }
    });
  });
  await new Promise((r) => wss.once('listening', r));
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, frames, closeCodes };
}

// Each test starts a real agent process; allow for a slow, busy machine.
describe('hostpulse-agent CLI', { timeout: 20_000 }, () => {
  it('prints help with every flag, and its version', async () => {
    const help = agent(['--help']);
    expect(await help.exited).toBe(0);
    for (const flag of ['--hub URL', '--token TOKEN', '--interval MS', '--host-id ID', '--buffer DURATION', '--ping-interval DURATION', '--help', '--version']) {
      expect(help.stdout()).toContain(flag);
    }
    const version = agent(['--version']);
    expect(await version.exited).toBe(0);
    expect(version.stdout()).toBe(`${VERSION}\n`);
  });

  it('names a wrong flag in one line and exits 1', async () => {
    const a = agent(['--intervall', '5']);
    expect(await a.exited).toBe(1);
    expect(a.stderr()).toMatch(/^hostpulse-agent: .*--intervall.*\n$/);
  });

  it('exits 1 with one line when the hub refuses its token', async () => {
    const hub = await fakeHub('right');
    const a = agent(['--hub', hub.url, '--token', 'wrong-token']);
    expect(await a.exited).toBe(1);
    const lines = a.stderr().trim().split('\n');
    expect(lines.at(-1)).toMatch(/^hostpulse-agent: the hub refused the agent token \(HTTP 401\)/);
    expect(a.stderr()).not.toContain('wrong-token');
  });

  it('streams valid samples 1, 2, 3... after a valid hello, and on SIGTERM closes with 1000 and exits 0', async () => {
    const hub = await fakeHub('s3cret-t0ken');
    const a = agent(['--hub', hub.url, '--interval', '200', '--host-id', 'cli-test'], { HOSTPULSE_TOKEN: 's3cret-t0ken', LOG_LEVEL: 'debug' });
    await waitFor(() => hub.frames.length >= 4, Boolean, { timeout: 8000, interval: 20, message: 'three samples' });
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    const [hello, ...samples] = hub.frames.map((f) => JSON.parse(f) as { type: string; sample?: { seq: number } });
    expect(isValid('AgentHello', hello)).toBe(true);
    expect(samples.every((s) => isValid('AgentSample', s))).toBe(true);
    expect(samples.map((s) => s.sample!.seq)).toEqual(samples.map((_, i) => i + 1));
    expect(hub.closeCodes).toEqual([1000]);
    expect(a.stderr()).toMatch(/connected hub=ws:\/\/127\.0\.0\.1:\d+\/agent hostId=cli-test runId=\S+ lastSeq=0/);
    expect(a.stderr()).not.toContain('s3cret-t0ken');
  });

  it('keeps running while the hub is unreachable, logging the outage once, and exits 0 on SIGINT', async () => {
    // A port that was just free and is closed again: connections are refused at once.
    const probe = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => probe.once('listening', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const a = agent(['--hub', `ws://127.0.0.1:${port}`, '--interval', '200']);
    await waitFor(() => a.stderr().includes('hub unreachable'), Boolean, { timeout: 8000, interval: 20, message: 'outage line' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(a.child.exitCode).toBeNull();
    expect(a.stderr().match(/hub unreachable/g)).toHaveLength(1);
    a.child.kill('SIGINT');
    expect(await a.exited).toBe(0);
  });
});
