import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from '@hostpulse/protocol';
import type { FaultKind, HubStats } from '@hostpulse/protocol';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { hostSamples, oneTo, seqsOfRun, waitForSeq } from '@hostpulse/testkit/hub-reads';
import { makeHello, makeSample } from '@hostpulse/testkit/samples';

// Ten attacking sockets spend 10,000 hostile frames on a real hub while a real agent streams.
const TOTAL_FRAMES = 10_000;
const ATTACK_DEADLINE_MS = 40_000;
/** uWS drops a frame over maxPayloadLength by cutting the TCP connection: the peer sees 1006, no close frame. */
const ABRUPT_CLOSE = 1006;

interface Attacker {
  name: string;
  fault: FaultKind;
  /** The close code the attacker's client sees. */
  expectCode: number;
  /** Frames this attacker sends in all, over as many connections as it takes. */
  share: number;
  /** The frames of one connection (the hub closes it after the first bad one). */
  batch: (connection: number) => (string | Buffer)[];
}

let hub: HubProcess;
let good: Child;
const goodHost = `good-${process.pid}`;
const floodHost = `flood-${process.pid}`;
let floodSeq = 0;

const text = (value: unknown) => JSON.stringify(value);
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const hello = (hostId: string, runId: string, intervalMs?: number) => text(makeHello(hostId, runId, intervalMs));
const garbage = () => randomBytes(1 + Math.floor(Math.random() * 200)).toString('latin1').replace(/^[[{"\d\s-tfn]/, '#');

const attackers: Attacker[] = [
  {
    name: 'invalid JSON (garbage, NaN, Infinity)',
    fault: 'malformedJson',
    expectCode: CloseCode.malformedJson,
    share: 1050,
    batch: () => times(50, (i) => [`{"type":"sample",${garbage()}`, '{"type":"sample","sample":{"seq":NaN}}', '{"type":"hello","intervalMs":Infinity}'][i % 3]!),
  },
  {
    name: 'wrong types',
    fault: 'invalidMessage',
    expectCode: CloseCode.invalidMessage,
    share: 1050,
    batch: (c) => times(50, (i) => text({ ...makeHello(`wt-${c}`, 'r1'), intervalMs: i % 2 ? '1000' : null, hostId: i })),
  },
  {
    name: 'huge numbers (1e400, -1e400)',
    fault: 'invalidMessage',
    expectCode: CloseCode.invalidMessage,
    share: 1050,
    batch: () => times(50, (i) => text({ type: 'sample', sample: makeSample('huge', 'r1', 1) }).replace('"seq":1', `"seq":${i % 2 ? '1e400' : '-1e400'}`)),
  },
  { name: 'deep nesting (10,000 levels)', fault: 'invalidMessage', expectCode: CloseCode.invalidMessage, share: 1050, batch: () => times(50, () => '['.repeat(10_000) + ']'.repeat(10_000)) },
  { name: 'unknown type', fault: 'invalidMessage', expectCode: CloseCode.invalidMessage, share: 1050, batch: () => times(50, (i) => text({ type: `x-${i}`, hostId: 'h' })) },
  {
    name: 'wrong protocol version',
    fault: 'unsupportedVersion',
    expectCode: CloseCode.unsupportedVersion,
    share: 1050,
    batch: () => times(50, (i) => text({ ...makeHello('old-agent', 'r1'), protocolVersion: PROTOCOL_VERSION + 1 + i })),
  },
  { name: 'binary garbage', fault: 'malformedJson', expectCode: CloseCode.malformedJson, share: 1050, batch: () => times(50, () => randomBytes(64)) },
  { name: 'frame over the size limit', fault: 'messageTooBig', expectCode: ABRUPT_CLOSE, share: 100, batch: () => ['x'.repeat(MAX_MESSAGE_BYTES + 1)] },
  {
    name: 'flood over the rate limit',
    fault: 'rateLimited',
    expectCode: CloseCode.rateLimited,
    share: 1500,
    // An hourly interval gives a burst of 601 frames and 1 frame/s after it; reconnecting does not refill it.
    batch: (c) => [hello(floodHost, 'flood-run', 3_600_000), ...times(c === 0 ? 799 : 99, () => text({ type: 'sample', sample: makeSample(floodHost, 'flood-run', ++floodSeq, 3_600_000) }))],
  },
  {
    name: 'second agent for a streaming host id',
    fault: 'hostIdConflict',
    expectCode: CloseCode.hostIdConflict,
    share: 1050,
    batch: (c) => [hello(goodHost, `impostor-${c}`, 200), ...times(49, (i) => text({ type: 'sample', sample: makeSample(goodHost, `impostor-${c}`, i + 1, 200) }))],
  },
];

/** Opens one connection, sends the batch at once, and resolves with the close code the client saw. */
function attackOnce(frames: (string | Buffer)[]): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${hub.port}/agent`, { perMessageDeflate: false });
    ws.on('error', () => {});
    ws.on('open', () => {
      for (const frame of frames) ws.send(frame, { binary: Buffer.isBuffer(frame) });
    });
    ws.on('close', (code) => resolve(code));
  });
}

interface Result {
  framesSent: number;
  connections: number;
  codes: Set<number>;
}

async function runAttacker(attacker: Attacker, deadlineMs: number): Promise<Result> {
  const result: Result = { framesSent: 0, connections: 0, codes: new Set() };
  while (result.framesSent < attacker.share && Date.now() < deadlineMs) {
    const frames = attacker.batch(result.connections).slice(0, attacker.share - result.framesSent);
    result.framesSent += frames.length;
    result.connections++;
    result.codes.add(await attackOnce(frames));
  }
  return result;
}

const stats = async (): Promise<HubStats> => (await fetch(`${hub.url}/api/stats`)).json() as Promise<HubStats>;

beforeAll(async () => {
  hub = await startHubProcess();
  good = startAgentProcess(hub.url, ['--interval', '200', '--host-id', goodHost]);
  await waitForSeq(hub.url, goodHost, 3);
});
afterAll(async () => {
  await good?.stop();
  await hub?.stop();
});

describe('hostile input', () => {
  it('closes each bad socket with its fault code and counts it, limits the log, and loses no sample of a good agent', { timeout: 60_000 }, async () => {
    const faultsBefore = (await stats()).faults;
    const logBefore = hub.output().split('\n').length;
    const startedMs = Date.now();
    const results = await Promise.all(attackers.map((a) => runAttacker(a, startedMs + ATTACK_DEADLINE_MS)));
    const attackMs = Date.now() - startedMs;

    expect(results.reduce((sum, r) => sum + r.framesSent, 0)).toBe(TOTAL_FRAMES);
    const table = attackers.map((a, i) => ({ attacker: a.name, frames: results[i]!.framesSent, connections: results[i]!.connections, codes: [...results[i]!.codes] }));
    for (const [i, a] of attackers.entries()) expect(table[i]).toEqual({ ...table[i], codes: [a.expectCode] });

    // Every bad connection is one fault of its kind, counted.
    const faults = (await stats()).faults;
    const expected = new Map<string, number>();
    for (const [i, a] of attackers.entries()) expected.set(a.fault, (expected.get(a.fault) ?? 0) + results[i]!.connections);
    for (const [kind, connections] of expected) expect({ kind, counted: faults[kind]! - (faultsBefore[kind] ?? 0) }).toEqual({ kind, counted: connections });
    console.info(JSON.stringify({ attackMs, table, faults }));

    // The flood stored no more than its burst and what refilled meanwhile.
    const flood = (await hostSamples(hub.url, floodHost))!;
    expect(flood.samples.length).toBeLessThanOrEqual(601 + Math.ceil(attackMs / 1000));
    expect(flood.samples.length).toBeLessThan(results[8]!.framesSent);

    // The good agent was never displaced and lost nothing: its run is every seq once, in order.
    const before = (await hostSamples(hub.url, goodHost))!;
    const body = await waitForSeq(hub.url, goodHost, before.lastSeq + 3);
    expect(seqsOfRun(body, body.runId)).toEqual(oneTo(body.lastSeq));
    expect(good.output()).not.toMatch(/hub connection lost/);

    // Log lines about faults: at most one per kind per 10 s, however many faults.
    const attackLog = hub.output().split('\n').slice(logBefore - 1);
    const faultLines = attackLog.filter((line) => line.includes(' fault kind='));
    expect(faultLines.length).toBeLessThanOrEqual(expected.size * (1 + Math.ceil(attackMs / 10_000)));
    console.info(JSON.stringify({ hubLogLines: attackLog.length, faultLines: faultLines.length }));
  });
});
