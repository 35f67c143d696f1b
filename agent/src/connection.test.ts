import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '@hostpulse/common';
import { ADDITIVE_SAMPLE_FIELDS, CloseCode, PROTOCOL_VERSION, type AgentHello, type HubWatch, type Sample } from '@hostpulse/protocol';
import { parseAgentMessage } from '@hostpulse/protocol/validate';
import { backoffDelayMs } from './backoff.js';
import { ConnectionManager, HOST_ID_CONFLICT_CAP_MS, isTokenRefusal, TokenRefusedError, type ConnectionOptions } from './connection.js';
import { SampleBuffer } from './sample-buffer.js';

const RUN_ID = 'run-abc';
const hello: AgentHello = {
  type: 'hello',
  protocolVersion: PROTOCOL_VERSION,
  hostId: 'test-host',
  runId: RUN_ID,
  intervalMs: 1000,
  inventory: {
    hostname: 'test-host', platform: 'linux', distro: 'Debian', release: '12', kernel: '6.1', arch: 'x64',
    cpuModel: 'cpu', cpuCores: 2, cpuPhysicalCores: 2, memTotalBytes: 1024, agentVersion: '0.1.0',
  },
};
const idle = { userPct: 0, systemPct: 0, iowaitPct: 0, stealPct: 0, idlePct: 100 };
const sample = (seq: number): Sample => ({
  hostId: 'test-host', runId: RUN_ID, seq, tsMs: 1_700_000_000_000 + seq * 1000, intervalMs: 1000,
  uptimeSec: seq, processCount: 1, cpu: { total: idle, cores: [idle] }, load: { one: 0, five: 0, fifteen: 0 },
  mem: { totalBytes: 1, usedBytes: 0, availableBytes: 1, cachedBytes: 0, buffersBytes: 0 },
  swap: { totalBytes: 0, usedBytes: 0 }, net: [], disk: [],
});

/**
 * A stand-in hub on a real socket: it checks the token, answers hello with the
 * lastSeq it holds for the run (like a real hub, which forgets on restart when
 * `forget` is set), and records every seq it receives per connection.
 */
class FakeHub {
  readonly wss: WebSocketServer;
  readonly connections: { socket: WebSocket; auth: string | undefined; seqs: number[]; tables: number; hello?: AgentHello; understands: string[][] }[] = [];
  /** Filesystem entries of the samples received, as sent. */
  readonly filesystems: Record<string, unknown>[] = [];
  lastSeq = 0;
  upgrades = 0;

  constructor(readonly opts: { token?: string; refuseStatus?: number; onHello?: (socket: WebSocket) => boolean; port?: number; accepts?: string[] } = {}) {
    this.wss = new WebSocketServer({
      host: '127.0.0.1',
      port: opts.port ?? 0,
      verifyClient: (info, cb) => {
        this.upgrades += 1;
        if (opts.refuseStatus) return cb(false, opts.refuseStatus);
        cb(!opts.token || info.req.headers.authorization === `Bearer ${opts.token}`, 401);
      },
    });
    this.wss.on('connection', (socket, req) => {
      const conn = { socket, auth: req.headers.authorization, seqs: [] as number[], tables: 0, hello: undefined as AgentHello | undefined, understands: [] as string[][] };
      this.connections.push(conn);
      socket.on('message', (data) => {
        const parsed = parseAgentMessage(data.toString());
        if (!parsed.ok) throw new Error(parsed.detail);
        const m = parsed.message;
        if (m.type === 'hello') {
          conn.hello = m;
          if (this.opts.onHello && !this.opts.onHello(socket)) return;
          socket.send(JSON.stringify({ type: 'welcome', protocolVersion: PROTOCOL_VERSION, hostId: m.hostId, runId: m.runId, lastSeq: this.lastSeq, hubTimeMs: Date.now(), ...(this.opts.accepts ? { accepts: this.opts.accepts } : {}) }));
        } else if (m.type === 'processes') {
          conn.tables += 1;
        } else if (m.type === 'understands') {
          conn.understands.push(m.types);
          if (m.types.includes('watch')) socket.send(JSON.stringify({ type: 'watch', processes: [{ id: 'nginx-up', name: 'nginx' }] }));
        } else if (m.type === 'watched') {
          throw new Error('no watched report expected here');
        } else {
          conn.seqs.push(m.sample.seq);
          this.filesystems.push(...(m.sample.fs ?? []));
          this.lastSeq = m.sample.seq;
        }
      });
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/agent`;
  }

  get allSeqs(): number[] {
    return this.connections.flatMap((c) => c.seqs);
  }

  close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function manager(hub: FakeHub, buffer: SampleBuffer, extra: Partial<Pick<ConnectionOptions, 'token' | 'pingIntervalMs' | 'highWaterBytes' | 'backoff' | 'random' | 'understands' | 'onWatch'>> = {}) {
  const lines: string[] = [];
  const fatal: TokenRefusedError[] = [];
  const m = new ConnectionManager({
    url: hub.url,
    displayUrl: hub.url,
    hello,
    buffer,
    log: createLogger('agent', 'debug', (line) => lines.push(line)),
    onFatal: (err) => fatal.push(err),
    backoff: { baseMs: 20, capMs: 100 },
    ...extra,
  });
  cleanups.push(() => m.stop(0));
  return { m, lines, fatal };
}

async function until(condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function hubOn(opts?: ConstructorParameters<typeof FakeHub>[0]): Promise<FakeHub> {
  const hub = new FakeHub(opts);
  cleanups.push(() => hub.close());
  return new Promise((resolve) => hub.wss.once('listening', () => resolve(hub)));
}

// Real sockets on a possibly busy machine: waits are generous, and no pass condition is a duration.
describe('ConnectionManager', { timeout: 20_000 }, () => {
  it('sends hello with the token, then only the buffered samples after the hub\'s lastSeq, then live ones', async () => {
    const hub = await hubOn({ token: 'T0ken' });
    hub.lastSeq = 3;
    const buffer = new SampleBuffer(100);
    for (let seq = 1; seq <= 5; seq++) buffer.push(sample(seq));
    const { m, lines } = manager(hub, buffer, { token: 'T0ken' });
    m.start();
    await until(() => hub.allSeqs.length === 2, 'replay');
    expect(hub.connections[0]!.auth).toBe('Bearer T0ken');
    expect(hub.connections[0]!.hello).toEqual(hello);
    buffer.push(sample(6));
    m.notify();
    await until(() => hub.allSeqs.length === 3, 'live sample');
    expect(hub.allSeqs).toEqual([4, 5, 6]);
    expect(lines.find((l) => l.includes(' connected '))).toMatch(/hostId=test-host runId=run-abc lastSeq=3/);
    expect(lines.join('')).not.toContain('T0ken');
  });

  it('sends a latest-only message while live, and drops it (reporting false) while the link is down', async () => {
    const hub = await hubOn({ accepts: ['processes'] });
    const table = { hostId: 'test-host', runId: RUN_ID, tsMs: 1, intervalMs: 5000, processCount: 0, groupCount: 0, processes: [], groups: [] };
    const { m } = manager(hub, new SampleBuffer(10));
    expect(m.sendLatest({ type: 'processes', table })).toBe(false);
    m.start();
    await until(() => m.isLive, 'welcome');
    expect(m.sendLatest({ type: 'processes', table })).toBe(true);
    await until(() => hub.connections[0]!.tables === 1, 'table at the hub');
    await hub.close();
    await until(() => !m.isLive, 'link down');
    expect(m.sendLatest({ type: 'processes', table })).toBe(false);
  });

  it('leaves filesystems\' available bytes out for a hub whose welcome does not list them (an older hub), and sends them to one that does', async () => {
    const withFs = (seq: number): Sample => ({ ...sample(seq), fs: [{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 60, availableBytes: 35 }] });
    // An older hub's welcome names only the message types it takes.
    const older = await hubOn({ accepts: ['processes'] });
    const buffer = new SampleBuffer(10);
    buffer.push(withFs(1));
    manager(older, buffer).m.start();
    await until(() => older.allSeqs.length === 1, 'sample at the older hub');
    expect(older.filesystems).toEqual([{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 60 }]);

    const newer = await hubOn({ accepts: ['processes', ...ADDITIVE_SAMPLE_FIELDS] });
    manager(newer, buffer).m.start();
    await until(() => newer.allSeqs.length === 1, 'sample at the newer hub');
    expect(newer.filesystems).toEqual([{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 60, availableBytes: 35 }]);
  });

  it('sends no process table to a hub whose welcome does not list them (an older hub), and says so once', async () => {
    const hub = await hubOn();
    const table = { hostId: 'test-host', runId: RUN_ID, tsMs: 1, intervalMs: 5000, processCount: 0, groupCount: 0, processes: [], groups: [] };
    const { m, lines } = manager(hub, new SampleBuffer(10));
    m.start();
    await until(() => m.isLive, 'welcome');
    expect(m.sendLatest({ type: 'processes', table })).toBe(false);
    expect(m.sendLatest({ type: 'processes', table })).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(hub.connections[0]!.tables).toBe(0);
    expect(m.isLive).toBe(true);
    expect(lines.filter((l) => l.includes('does not take this message type'))).toHaveLength(1);
  });

  it('tells a hub that lists `understands` which hub messages it reads and takes its watch list; tells an older hub nothing', async () => {
    const watches: HubWatch[] = [];
    const older = await hubOn({ accepts: ['processes'] });
    const first = manager(older, new SampleBuffer(10), { understands: ['watch'], onWatch: (w) => watches.push(w) }).m;
    first.start();
    await until(() => first.isLive, 'welcome of the older hub');
    await new Promise((r) => setTimeout(r, 100));
    expect(older.connections[0]!.understands).toEqual([]);
    expect(watches).toEqual([{ type: 'watch', processes: [] }]);
    expect(first.isLive).toBe(true);

    watches.length = 0;
    const newer = await hubOn({ accepts: ['processes', 'understands', 'watched'] });
    const second = manager(newer, new SampleBuffer(10), { understands: ['watch'], onWatch: (w) => watches.push(w) }).m;
    second.start();
    await until(() => watches.length === 2, 'the newer hub\'s watch list');
    expect(newer.connections[0]!.understands).toEqual([['watch']]);
    expect(watches).toEqual([{ type: 'watch', processes: [] }, { type: 'watch', processes: [{ id: 'nginx-up', name: 'nginx' }] }]);
    expect(second.isLive).toBe(true);
  });

  it('buffers while the link is down and sends exactly the missed seqs after reconnecting', async () => {
    const hub = await hubOn();
    const buffer = new SampleBuffer(100);
    // A first retry delay of at least 250 ms gives the test a window in which the link is down.
    const { m } = manager(hub, buffer, { backoff: { baseMs: 500, capMs: 500 }, random: () => 0.5 });
    m.start();
    await until(() => m.isLive, 'first welcome');
    for (let seq = 1; seq <= 3; seq++) {
      buffer.push(sample(seq));
      m.notify();
    }
    await until(() => hub.lastSeq === 3, 'live samples');
    hub.connections[0]!.socket.terminate();
    await until(() => !m.isLive, 'link down');
    for (let seq = 4; seq <= 8; seq++) {
      buffer.push(sample(seq));
      m.notify();
    }
    expect(m.isLive).toBe(false);
    await until(() => hub.lastSeq === 8, 'missed samples after reconnect');
    expect(hub.connections).toHaveLength(2);
    expect(hub.connections[1]!.seqs).toEqual([4, 5, 6, 7, 8]);
    expect(hub.allSeqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('sends the whole buffered run to a restarted hub that answers lastSeq 0', async () => {
    const hub = await hubOn();
    const buffer = new SampleBuffer(4);
    for (let seq = 1; seq <= 6; seq++) buffer.push(sample(seq));
    const { m, lines } = manager(hub, buffer);
    m.start();
    await until(() => hub.allSeqs.length === 4, 'replay');
    expect(hub.allSeqs).toEqual([3, 4, 5, 6]);
    expect(lines.some((l) => l.includes('no longer buffered') && l.includes('fromSeq=1 toSeq=2'))).toBe(true);
  });

  it('replays a long buffer in order through a small socket high-water mark', async () => {
    const hub = await hubOn();
    const buffer = new SampleBuffer(3000);
    // ~1 KB frames, so 3000 of them cross a 16 KiB high-water mark many times over.
    const fs = Array.from({ length: 8 }, (_, i) => ({ mount: `/mnt/volume-${i}`.padEnd(80, 'x'), fsType: 'ext4', sizeBytes: 1e12, usedBytes: 5e11 }));
    for (let seq = 1; seq <= 3000; seq++) buffer.push({ ...sample(seq), fs });
    const { m } = manager(hub, buffer, { highWaterBytes: 16 * 1024 });
    m.start();
    await until(() => hub.allSeqs.length === 3000, 'full replay', 10_000);
    expect(hub.allSeqs).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
  });

  it('ends on a refused token with the one-line reason, and does not retry', async () => {
    const hub = await hubOn({ token: 'right' });
    const { m, fatal } = manager(hub, new SampleBuffer(10), { token: 'wrong' });
    m.start();
    await until(() => fatal.length === 1, 'fatal');
    expect(fatal[0]).toBeInstanceOf(TokenRefusedError);
    expect(fatal[0]!.message).toMatch(/^the hub refused the agent token \(HTTP 401\)/);
    await new Promise((r) => setTimeout(r, 300));
    expect(hub.upgrades).toBe(1);
  });

  it('retries, never ends, when the hub is unreachable or answers the upgrade with another error', async () => {
    const hub = await hubOn({ refuseStatus: 503 });
    const { m, fatal, lines } = manager(hub, new SampleBuffer(10));
    m.start();
    await until(() => hub.upgrades >= 3, 'retries');
    expect(fatal).toHaveLength(0);
    // One line when the outage starts; the retries inside the first minute stay quiet.
    expect(lines.filter((l) => l.includes('hub unreachable'))).toHaveLength(1);
    expect(lines.find((l) => l.includes('hub unreachable'))).toMatch(/HTTP 503/);
  });

  it('moves to the next hub of the list when the one in use goes away, and replays there after its lastSeq', async () => {
    const first = await hubOn();
    const second = await hubOn();
    const buffer = new SampleBuffer(100);
    const lines: string[] = [];
    const failover = new ConnectionManager({
      url: first.url,
      displayUrl: first.url,
      fallbacks: [{ url: second.url, displayUrl: second.url }],
      hello,
      buffer,
      log: createLogger('agent', 'debug', (line) => lines.push(line)),
      onFatal: () => {},
      backoff: { baseMs: 20, capMs: 100 },
    });
    cleanups.push(() => failover.stop(0));
    failover.start();
    for (let seq = 1; seq <= 3; seq++) buffer.push(sample(seq));
    failover.notify();
    await until(() => first.allSeqs.length === 3, 'samples on the first hub');
    // The second hub holds seq 2 (from the other hubs of its cluster): only 3.. go there.
    second.lastSeq = 2;
    const firstUrl = first.url;
    await first.close();
    for (let seq = 4; seq <= 5; seq++) buffer.push(sample(seq));
    await until(() => second.allSeqs.length === 3, 'samples on the second hub');
    expect(second.allSeqs).toEqual([3, 4, 5]);
    expect(lines.join('\n')).toMatch(new RegExp(`hub connection lost hub=${firstUrl.replace(/[/.]/g, '\\$&')}`));
    expect(lines.join('\n')).toMatch(new RegExp(`connected hub=${second.url.replace(/[/.]/g, '\\$&')}`));
    expect(failover.isLive).toBe(true);
  });

  it('logs a protocol close code by its name and reconnects', async () => {
    let refuseFirst = true;
    const hub = await hubOn({
      onHello: (socket) => {
        if (!refuseFirst) return true;
        refuseFirst = false;
        socket.close(CloseCode.rateLimited, 'too fast');
        return false;
      },
    });
    const { m, lines } = manager(hub, new SampleBuffer(10));
    m.start();
    await until(() => m.isLive, 'second connection');
    expect(hub.connections).toHaveLength(2);
    expect(lines.find((l) => l.includes('hub unreachable'))).toMatch(/rateLimited \(4429\)/);
  });

  it('on a host id conflict (4409) warns, naming the host id and --host-id, and backs off past the usual cap toward 5 minutes', async () => {
    let refusals = 5;
    const hub = await hubOn({
      onHello: (socket) => {
        if (refusals === 0) return true;
        refusals -= 1;
        socket.close(CloseCode.hostIdConflict, 'host id test-host already has a connected agent');
        return false;
      },
    });
    const { m, lines } = manager(hub, new SampleBuffer(10), { backoff: { baseMs: 10, capMs: 20 }, random: () => 0.999 });
    m.start();
    await until(() => m.isLive, 'welcome after the conflict ended');
    const warnings = lines.filter((l) => l.includes('warn agent: host id in use by another agent'));
    // Once when the conflict starts; the retries within the minute stay quiet.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/hostId=test-host .*hint=".*--host-id".*hostIdConflict \(4409\)/);
    const delays = lines.map((l) => /reconnecting delayMs=(\d+)/.exec(l)?.[1]).filter((d) => d !== undefined).map(Number);
    // 10 ms doubling from attempt 0 with the random at its top: 9, 19, 39, 79, 159; the usual cap would stop at 19.
    expect(delays).toEqual([9, 19, 39, 79, 159]);
    expect(HOST_ID_CONFLICT_CAP_MS).toBe(300_000);
    expect(backoffDelayMs(40, () => 0.999, { baseMs: 500, capMs: HOST_ID_CONFLICT_CAP_MS })).toBe(299_700);
  });

  it('terminates a link whose pings go unanswered and reconnects', async () => {
    const hub = await hubOn();
    const { m, lines } = manager(hub, new SampleBuffer(10), { pingIntervalMs: 100 });
    m.start();
    await until(() => m.isLive, 'welcome');
    // A hub that stops reading (a frozen process, a dead NAT entry) answers no ping.
    (hub.connections[0]!.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    await until(() => hub.connections.length === 2 && m.isLive, 'reconnect');
    expect(lines.some((l) => l.includes('no answer to ping'))).toBe(true);
  });

  it('closes with 1000 on stop after sending what is unsent', async () => {
    const hub = await hubOn();
    const buffer = new SampleBuffer(10);
    const { m } = manager(hub, buffer);
    m.start();
    await until(() => m.isLive, 'welcome');
    const closed = new Promise<number>((resolve) => hub.connections[0]!.socket.on('close', (code) => resolve(code)));
    buffer.push(sample(1));
    m.notify();
    await m.stop(2000);
    expect(await closed).toBe(1000);
    expect(hub.allSeqs).toEqual([1]);
  });

  it('on stop with the hub down, keeps trying within the grace period and sends the buffer to a hub that comes back', async () => {
    const gone = await hubOn();
    const url = gone.url;
    const port = Number(new URL(url).port);
    await gone.close();
    const buffer = new SampleBuffer(10);
    for (let seq = 1; seq <= 5; seq++) buffer.push(sample(seq));
    const { m } = manager({ url } as FakeHub, buffer, { backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 0.99 });
    m.start();
    await new Promise((r) => setTimeout(r, 200));
    const stopped = m.stop(3000);
    // The hub comes back after the stop began; the backoff alone would wait a minute.
    await new Promise((r) => setTimeout(r, 300));
    const hub = await hubOn({ port });
    await stopped;
    expect(hub.allSeqs).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('isTokenRefusal', () => {
  it('is true for 401 and 403 only', () => {
    expect([401, 403, 404, 500, 503, 101].map(isTokenRefusal)).toEqual([true, true, false, false, false, false]);
  });
});
