import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, MAX_MESSAGE_BYTES } from '@hostpulse/protocol';
import type { HubStats, SamplesResponse } from '@hostpulse/protocol';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { makeHello, makeSample } from '@hostpulse/testkit/samples';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TestSocket, upgradeStatus } from '@hostpulse/testkit/test-socket';
import { waitFor } from '@hostpulse/testkit/waits';
import { AGENTS_PER_TURN } from '../src/ingest/turn-budget.js';
import { BURST_LOG_LINES } from '../src/telemetry/burst-log.js';

const TOKEN = 'test-token-123';
let hub: TestHub;

const auth = { Authorization: `Bearer ${TOKEN}` };
const getJson = async <T>(path: string): Promise<T> => (await fetch(hub.url + path)).json() as Promise<T>;

beforeAll(async () => {
  hub = await startTestHub(['--agent-token', TOKEN]);
});
afterAll(async () => {
  await hub?.stop();
});

describe('agent upgrade', () => {
  // A hub process of its own: what it logs is under test.
  it('refuses a wrong or missing token with HTTP 401 before any socket exists', async () => {
    const logged = await startHubProcess(['--agent-token', TOKEN]);
    try {
      expect(await upgradeStatus(`ws://127.0.0.1:${logged.port}/agent`, { Authorization: 'Bearer wrong' })).toBe(401);
      expect(await upgradeStatus(`ws://127.0.0.1:${logged.port}/agent`)).toBe(401);
      expect(await upgradeStatus(`ws://127.0.0.1:${logged.port}/agent`, auth)).toBe(101);
      const stats = (await (await fetch(`${logged.url}/api/stats`)).json()) as HubStats;
      expect(stats.faults['unauthorized']).toBe(2);
      expect(logged.output()).not.toContain(TOKEN);
    } finally {
      await logged.stop();
    }
  });
});

describe('agent faults', () => {
  it('closes only the socket that sent a malformed frame, counts it, and keeps serving the other agent', async () => {
    const good = await ScriptedAgent.connect(hub.url, 'good-host', { token: TOKEN, intervalMs: 200 });
    good.stream();
    const bad = await ScriptedAgent.connect(hub.url, 'bad-host', { token: TOKEN });
    bad.socket.ws.send('{"type":"sample", this is not json');
    expect(await bad.socket.closed).toMatchObject({ code: CloseCode.malformedJson });

    const before = (await getJson<SamplesResponse>('/api/hosts/good-host/samples')).lastSeq;
    await new Promise((r) => setTimeout(r, 700));
    const after = await getJson<SamplesResponse>('/api/hosts/good-host/samples');
    expect(after.lastSeq).toBeGreaterThan(before);
    expect(good.socket.ws.readyState).toBe(good.socket.ws.OPEN);
    const stats = await getJson<HubStats>('/api/stats');
    expect(stats.faults['malformedJson']).toBeGreaterThanOrEqual(1);
    good.stop();
  });

  it('closes with the code of each fault', async () => {
    const cases: [string, (s: TestSocket) => void, number][] = [
      ['binary frame', (s) => s.ws.send(Buffer.from([1, 2, 3])), CloseCode.malformedJson],
      // uWS drops the connection without a close frame for a frame over maxPayloadLength.
      ['frame over MAX_MESSAGE_BYTES', (s) => s.ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1)), 1006],
      ['second hello', (s) => {
        s.send(makeHello('hello-twice', 'r1'));
        s.send(makeHello('hello-twice', 'r1'));
      }, CloseCode.unexpectedMessage],
      ['invalid message', (s) => s.send({ type: 'hello', hostId: 'x' }), CloseCode.invalidMessage],
      ['other protocol version', (s) => s.send({ ...makeHello('v-host', 'r1'), protocolVersion: 99 }), CloseCode.unsupportedVersion],
      ['sample before hello', (s) => s.send({ type: 'sample', sample: makeSample('early', 'r1', 1) }), CloseCode.unexpectedMessage],
      [
        'sample of another host',
        (s) => {
          s.send(makeHello('mine', 'r1'));
          s.send({ type: 'sample', sample: makeSample('theirs', 'r1', 1) });
        },
        CloseCode.unexpectedMessage,
      ],
    ];
    for (const [name, act, code] of cases) {
      const socket = await TestSocket.open(`ws://127.0.0.1:${hub.port}/agent`, auth);
      act(socket);
      expect({ name, code: (await socket.closed).code }).toEqual({ name, code });
    }
    const stats = await getJson<HubStats>('/api/stats');
    for (const kind of ['invalidMessage', 'unsupportedVersion', 'unexpectedMessage', 'messageTooBig']) {
      expect({ kind, counted: stats.faults[kind]! > 0 }).toEqual({ kind, counted: true });
    }
  });

  it('closes a sample carrying an unknown field with invalidMessage, counts it, and stores or serves none of it', async () => {
    const before = (await getJson<HubStats>('/api/stats')).faults['invalidMessage']!;
    const agent = await ScriptedAgent.connect(hub.url, 'padded', { token: TOKEN });
    agent.sendSample(1);
    agent.socket.send({ type: 'sample', sample: { ...makeSample('padded', 'run-1', 2), padding: 'x'.repeat(50_000) } });
    expect((await agent.socket.closed).code).toBe(CloseCode.invalidMessage);
    const body = await (await fetch(`${hub.url}/api/hosts/padded/samples`)).text();
    expect(body).not.toContain('padding');
    expect((JSON.parse(body) as SamplesResponse).samples.map((s) => s.seq)).toEqual([1]);
    expect((await getJson<HubStats>('/api/stats')).faults['invalidMessage']).toBe(before + 1);
  });

  it('keeps the first agent of a host id and closes a second with hostIdConflict', async () => {
    const first = await ScriptedAgent.connect(hub.url, 'twin', { token: TOKEN });
    const second = await TestSocket.open(`ws://127.0.0.1:${hub.port}/agent`, auth);
    second.send(makeHello('twin', 'run-2'));
    expect((await second.closed).code).toBe(CloseCode.hostIdConflict);
    first.sendSample(1);
    await new Promise((r) => setTimeout(r, 200));
    const body = await getJson<SamplesResponse>('/api/hosts/twin/samples');
    expect([body.runId, body.lastSeq]).toEqual(['run-1', 1]);
    expect(first.socket.ws.readyState).toBe(first.socket.ws.OPEN);
    first.stop();
  });
});

describe('runs and replays', () => {
  it('stores each seq once, in order, and tells a reconnecting agent the last seq it holds', async () => {
    const agent = await ScriptedAgent.connect(hub.url, 'replayer', { token: TOKEN, runId: 'run-a' });
    expect(agent.welcome['lastSeq']).toBe(0);
    for (const seq of [1, 2, 4, 5, 3, 2, 5]) agent.sendSample(seq);
    await new Promise((r) => setTimeout(r, 200));
    agent.stop();
    await agent.socket.closed;

    const again = await ScriptedAgent.connect(hub.url, 'replayer', { token: TOKEN, runId: 'run-a' });
    expect(again.welcome['lastSeq']).toBe(5);
    again.sendSample(5);
    again.sendSample(6);
    await new Promise((r) => setTimeout(r, 200));
    const body = await getJson<SamplesResponse>('/api/hosts/replayer/samples?run=run-a&after=0');
    expect(body.samples.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    again.stop();
    await again.socket.closed;

    const next = await ScriptedAgent.connect(hub.url, 'replayer', { token: TOKEN, runId: 'run-b' });
    expect(next.welcome['lastSeq']).toBe(0);
    next.sendSample(1);
    await new Promise((r) => setTimeout(r, 200));
    const current = await getJson<SamplesResponse>('/api/hosts/replayer/samples?run=run-b&after=0');
    expect(current.runId).toBe('run-b');
    expect(current.samples.map((s) => [s.runId, s.seq])).toEqual([['run-b', 1]]);
    const everything = await getJson<SamplesResponse>('/api/hosts/replayer/samples');
    expect(everything.samples.map((s) => `${s.runId}:${s.seq}`)).toEqual(['run-a:1', 'run-a:2', 'run-a:3', 'run-a:4', 'run-a:5', 'run-a:6', 'run-b:1']);
    next.stop();
  });
});

describe('host limit', () => {
  it('refuses a hello for host N+1 with tooManyHosts and counts it, while the N hosts it holds keep streaming', async () => {
    const small = await startTestHub(['--max-hosts', '3']);
    try {
      const agents = await Promise.all(['a', 'b', 'c'].map((id) => ScriptedAgent.connect(small.url, `limited-${id}`)));
      const extra = await TestSocket.open(`ws://127.0.0.1:${small.port}/agent`);
      extra.send(makeHello('limited-d', 'run-1'));
      expect(await extra.closed).toMatchObject({ code: CloseCode.tooManyHosts, reason: expect.stringContaining('--max-hosts') });
      agents[0]!.sendSample(1);
      await new Promise((r) => setTimeout(r, 200));
      const hosts = (await (await fetch(`${small.url}/api/hosts`)).json()) as { hosts: { hostId: string; lastSeq: number }[] };
      expect(hosts.hosts.map((h) => [h.hostId, h.lastSeq])).toEqual([['limited-a', 1], ['limited-b', 0], ['limited-c', 0]]);
      expect(((await (await fetch(`${small.url}/api/stats`)).json()) as HubStats).faults['tooManyHosts']).toBe(1);
      // A host the hub holds is no new host: it comes back whatever the limit.
      agents[1]!.stop();
      await agents[1]!.socket.closed;
      const back = await ScriptedAgent.connect(small.url, 'limited-b');
      expect(back.welcome['hostId']).toBe('limited-b');
      [agents[0]!, agents[2]!, back].forEach((a) => a.stop());
    } finally {
      await small.stop();
    }
  });
});

/**
 * Opens `count` TCP connections to the hub process and one more, and once all are open
 * and taken, writes every one's /agent upgrade and then a GET /healthz on the last, all
 * while the hub is stopped (SIGSTOP): it finds them all ready at once when it goes on, as
 * it does when a fleet reconnects at once. Resolves with the status of each answer in the
 * order they came, `healthz` standing for the answer to that GET.
 */
async function upgradesThenHealthz(hub: HubProcess, count: number): Promise<string[]> {
  const sockets = await Promise.all(
    Array.from({ length: count + 1 }, () => new Promise<Socket>((resolve, reject) => {
      const socket = connect(hub.port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    })),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const order: string[] = [];
  const answers = sockets.map((socket, i) => new Promise<void>((resolve) => {
    socket.once('data', (chunk: Buffer) => {
      order.push(i === count ? 'healthz' : chunk.toString('latin1').split(' ')[1]!);
      socket.destroy();
      resolve();
    });
  }));
  hub.proc.kill('SIGSTOP');
  for (const socket of sockets.slice(0, count)) {
    const key = randomBytes(16).toString('base64');
    socket.write(`GET /agent HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  }
  sockets[count]!.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  hub.proc.kill('SIGCONT');
  await Promise.all(answers);
  return order;
}

/** Connects agents `fleet-0` ... in groups of `group` at a time, each group once the last is welcomed. */
async function connectFleet(url: string, count: number, group: number): Promise<ScriptedAgent[]> {
  const agents: ScriptedAgent[] = [];
  for (let i = 0; i < count; i += group) {
    const ids = Array.from({ length: Math.min(group, count - i) }, (_, j) => `fleet-${i + j}`);
    agents.push(...(await Promise.all(ids.map((id) => ScriptedAgent.connect(url, id, { token: TOKEN })))));
  }
  return agents;
}

describe('a fleet connecting at once', () => {
  it('upgrades a burst of agents a budget per loop turn, answering what came after them in between, and refuses none', async () => {
    const fleetHub = await startHubProcess(['--agent-token', TOKEN]);
    try {
      const count = 8 * AGENTS_PER_TURN;
      const order = await upgradesThenHealthz(fleetHub, count);
      expect(order.filter((status) => status === '101')).toHaveLength(count);
      // Sent last, /healthz is answered before the upgrades past the first turns' budget.
      expect(order.indexOf('healthz')).toBeLessThanOrEqual(2 * AGENTS_PER_TURN);
      const stats = (await (await fetch(`${fleetHub.url}/api/stats`)).json()) as HubStats;
      expect(Object.values(stats.faults).reduce((sum, n) => sum + n, 0)).toBe(0);
    } finally {
      await fleetHub.stop();
    }
  });

  it('keeps the frames an agent sends right after its hello, in order, while the hello waits for a later turn', async () => {
    const fleetHub = await startTestHub(['--agent-token', TOKEN]);
    try {
      const count = 3 * AGENTS_PER_TURN;
      const sockets = await Promise.all(Array.from({ length: count }, () => TestSocket.open(`ws://127.0.0.1:${fleetHub.port}/agent`, auth)));
      // Every hello and its samples at once: the hub reads them all in one turn.
      sockets.forEach((socket, i) => {
        socket.send(makeHello(`eager-${i}`, 'run-1'));
        for (let seq = 1; seq <= 3; seq++) socket.send({ type: 'sample', sample: makeSample(`eager-${i}`, 'run-1', seq) });
      });
      await Promise.all(sockets.map((socket) => socket.next((m) => m.type === 'welcome')));
      const seqs = await waitFor(
        async () => Promise.all(sockets.map(async (_, i) => ((await (await fetch(`${fleetHub.url}/api/hosts/eager-${i}/samples`)).json()) as SamplesResponse).samples.map((s) => s.seq))),
        (all) => all.every((held) => held.length === 3),
        { timeout: 10_000, message: 'every sample stored' },
      );
      expect(seqs.every((held) => held.join() === '1,2,3')).toBe(true);
      const stats = (await (await fetch(`${fleetHub.url}/api/stats`)).json()) as HubStats;
      expect(Object.values(stats.faults).reduce((sum, n) => sum + n, 0)).toBe(0);
      sockets.forEach((socket) => socket.ws.close());
    } finally {
      await fleetHub.stop();
    }
  });

  // A hub process of its own: what it logs is under test.
  it('logs the first agents of a second one by one and the rest as a count, and loses none', async () => {
    const logged = await startHubProcess(['--agent-token', TOKEN]);
    try {
      const count = 200;
      const startedMs = Date.now();
      const agents = await connectFleet(logged.url, count, 50);
      const seconds = Math.ceil((Date.now() - startedMs) / 1000);
      const told = () => {
        const output = logged.output();
        const oneByOne = output.match(/agent connected hostId=/g)?.length ?? 0;
        const counted = [...output.matchAll(/agent connected: more in the last second, not logged one by one count=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
        return { oneByOne, counted };
      };
      // Each tick (once a second) tells how many it only counted since the one before.
      const { oneByOne } = await waitFor(told, ({ oneByOne, counted }) => oneByOne + counted >= count, { timeout: 5000, message: 'every connect logged or counted', explain: () => JSON.stringify(told()) });
      expect(told().oneByOne + told().counted).toBe(count);
      expect(oneByOne).toBeLessThanOrEqual(BURST_LOG_LINES * (seconds + 1));
      agents.forEach((agent) => agent.stop());
    } finally {
      await logged.stop();
    }
  });
});
