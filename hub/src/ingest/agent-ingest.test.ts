import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@hostpulse/protocol';
import type { HostSample } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { makeHello, makeProcessTable, makeSample } from '@hostpulse/testkit/samples';
import { AgentIngest, type AgentData, type IngestOutcome } from './agent-ingest.js';
import { HostRegistry } from '../hosts/host-registry.js';
import { ProcessTables } from '../hosts/process-tables.js';
import { HistoryStore } from '../store/history-store.js';
import { NEW_HOST_BUCKET_SHAPE, RATE_LIMIT_SLACK_FRAMES } from '../core/rate-limit.js';

const HOST = 'prop-host';
const RUN = 'prop-run';

function setup(historyMs = 60_000, maxHosts = 10_000) {
  // The hub's clock near the samples' own (makeSample dates them now): one far from it would re-time them.
  let now = Date.now();
  const stored: HostSample[] = [];
  const registry = new HostRegistry({
    store: new HistoryStore({ dataDir: null, memoryMs: historyMs, nowMs: () => now }),
    nowMs: () => now,
    events: { sampleStored: (s) => stored.push(s), statusChanged: () => {}, hostChanged: () => {}, hostRemoved: (id) => ingest.forget(id) },
  });
  // Another agent already streams for this host id: a hello naming it from another run is a conflict.
  registry.connect(makeHello('taken', 'other-run'));
  const processes = new ProcessTables();
  const ingest = new AgentIngest({ registry, processes, historyMs, maxHosts, nowMs: () => now });
  const socket = (remote = '127.0.0.1'): AgentData => ({ remote, hostId: null, runId: null, tokenHostId: null, closing: false });
  return { registry, processes, ingest, stored, socket, advance: (ms: number) => (now += ms) };
}

/** Replaces the value at a path picked by `steps` (each step picks a key of the node it is at). */
function mutate(value: unknown, steps: number[], replacement: unknown): unknown {
  const root = structuredClone(value);
  let node = root as Record<string, unknown>;
  for (let i = 0; i < steps.length; i++) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[steps[i]! % keys.length]!;
    const child = node[key];
    if (i === steps.length - 1 || child === null || typeof child !== 'object') {
      node[key] = replacement;
      return root;
    }
    node = child as Record<string, unknown>;
  }
  return replacement;
}

const hostileTexts = [
  '',
  'null',
  '{"type":"sample",',
  'NaN',
  '{"type":"hello","protocolVersion":Infinity}',
  '{"type":"sample","sample":{"seq":1e400}}',
  '[' .repeat(50_000) + ']'.repeat(50_000),
  `{"type":"hello","inventory":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
  '\u0000\u0001\u0002',
  '{"type":"__proto__","__proto__":{"polluted":true}}',
];

const helloFor = (hostId: string, runId: string) => ({ ...makeHello(hostId, runId) });
const sampleFor = (hostId: string, runId: string, seq: number) => ({ type: 'sample', sample: makeSample(hostId, runId, seq) });
const processesFor = (hostId: string, runId: string, tsMs: number) => ({ type: 'processes', table: makeProcessTable(hostId, runId, tsMs) });

/** A frame: its text (null for binary) as the hub receives it. */
const frame: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(...hostileTexts),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom(HOST, 'taken').map((hostId) => JSON.stringify(helloFor(hostId, RUN))),
  fc.integer({ min: 1, max: 12 }).map((seq) => JSON.stringify(sampleFor(HOST, RUN, seq))),
  fc.integer({ min: 1, max: 12 }).map((seq) => JSON.stringify(sampleFor('elsewhere', RUN, seq))),
  fc.tuple(fc.constantFrom(HOST, 'elsewhere'), fc.constantFrom(RUN, 'other-run'), fc.integer({ min: 1, max: 12 })).map(([hostId, runId, tsMs]) => JSON.stringify(processesFor(hostId, runId, tsMs))),
  fc.integer({ min: -2, max: 3 }).map((version) => JSON.stringify({ ...helloFor(HOST, RUN), protocolVersion: version })),
  fc
    .tuple(fc.constantFrom('hello', 'sample', 'processes'), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), fc.integer({ min: 1, max: 12 }))
    .map(([kind, steps, replacement, seq]) => {
      const valid = kind === 'hello' ? helloFor(HOST, RUN) : kind === 'sample' ? sampleFor(HOST, RUN, seq) : processesFor(HOST, RUN, seq);
      return JSON.stringify(mutate(valid, steps, replacement));
    }),
);

/** What the ingest path must answer, worked out independently from the protocol's rules. */
function expectedKind(data: AgentData, text: string | null): string {
  if (data.closing) return 'ignored';
  if (text === null) return 'fault:malformedJson';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'fault:malformedJson';
  }
  if (isValid('AgentHello', value)) {
    if (value.protocolVersion !== PROTOCOL_VERSION) return 'fault:unsupportedVersion';
    if (data.hostId !== null) return 'fault:unexpectedMessage';
    if (value.hostId === 'taken') return 'fault:hostIdConflict';
    return 'welcome';
  }
  if (isValid('AgentSample', value)) {
    if (data.hostId === null || value.sample.hostId !== data.hostId || value.sample.runId !== data.runId) return 'fault:unexpectedMessage';
    return 'sample';
  }
  if (isValid('AgentProcesses', value)) {
    if (data.hostId === null || value.table.hostId !== data.hostId || value.table.runId !== data.runId) return 'fault:unexpectedMessage';
    return 'processes';
  }
  return 'fault:invalidMessage';
}

const kindOf = (outcome: IngestOutcome): string => (outcome.kind === 'fault' ? `fault:${outcome.fault}` : outcome.kind);

describe('AgentIngest (property)', () => {
  it('never throws, classifies every frame by the protocol rules, and stores only valid samples and tables of the socket host and run', () => {
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 25 }), (frames) => {
        const { registry, processes, ingest, stored, socket } = setup();
        const data = socket();
        const validSent: string[] = [];
        let storedCount = 0;
        let newestTable: string | undefined;
        for (const text of frames) {
          const expected = expectedKind(data, text);
          const outcome = ingest.handle(data, text);
          expect(kindOf(outcome)).toBe(expected);
          if (outcome.kind === 'fault') data.closing = true;
          if (outcome.kind === 'sample') {
            validSent.push(text!);
            if (outcome.result === 'stored') storedCount++;
          }
          if (outcome.kind === 'processes' && outcome.stored) newestTable = JSON.stringify((JSON.parse(text!) as { table: unknown }).table);
        }
        // The table held is the last one stored, exactly as sent, of the socket's host and run.
        const held = processes.latest(HOST);
        if (newestTable === undefined) expect(held).toBeUndefined();
        else {
          const { hubRxMs: _rx, ...agentPart } = held!;
          expect(JSON.stringify(agentPart)).toBe(newestTable);
          expect([held!.hostId, held!.runId]).toEqual([HOST, RUN]);
        }
        expect(registry.samplesTotal).toBe(storedCount);
        const sentSamples = validSent.map((text) => JSON.stringify((JSON.parse(text) as { sample: unknown }).sample));
        for (const sample of stored) {
          const { hubRxMs: _hubRxMs, ...agentPart } = sample;
          expect(sentSamples).toContain(JSON.stringify(agentPart));
          expect([sample.hostId, sample.runId]).toEqual([HOST, RUN]);
        }
        // Each seq once, in order.
        const seqs = registry.get(HOST)?.history.samplesAfter(undefined, 0, 10_000).map((s) => s.seq) ?? [];
        expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('AgentIngest rate limit', () => {
  it('takes a burst of a whole history window, refuses the next sample with rateLimited, and lets the host in again later', () => {
    const historyMs = 60_000;
    const { registry, ingest, socket, advance } = setup(historyMs);
    const data = socket();
    expect(ingest.handle(data, JSON.stringify(makeHello(HOST, RUN, 1000)))).toMatchObject({ kind: "welcome" });
    const burst = 60 + RATE_LIMIT_SLACK_FRAMES;
    for (let seq = 1; seq <= burst; seq++) expect(ingest.handle(data, JSON.stringify(sampleFor(HOST, RUN, seq)))).toEqual({ kind: 'sample', result: 'stored' });
    expect(ingest.handle(data, JSON.stringify(sampleFor(HOST, RUN, burst + 1)))).toMatchObject({ kind: 'fault', fault: 'rateLimited' });
    expect(registry.get(HOST)!.latest!.seq).toBe(burst);
    registry.disconnect(HOST);

    // Reconnecting at once does not refill the bucket; waiting does (2 samples/s at a 1 s interval).
    const again = socket();
    expect(ingest.handle(again, JSON.stringify(makeHello(HOST, RUN, 1000))).kind).toBe('welcome');
    expect(kindOf(ingest.handle(again, JSON.stringify(sampleFor(HOST, RUN, burst + 1))))).toBe('fault:rateLimited');
    advance(1000);
    const later = socket();
    registry.disconnect(HOST);
    ingest.handle(later, JSON.stringify(makeHello(HOST, RUN, 1000)));
    expect(kindOf(ingest.handle(later, JSON.stringify(sampleFor(HOST, RUN, burst + 1))))).toBe('sample');
    expect(kindOf(ingest.handle(later, JSON.stringify(sampleFor(HOST, RUN, burst + 2))))).toBe('sample');
    expect(kindOf(ingest.handle(later, JSON.stringify(sampleFor(HOST, RUN, burst + 3))))).toBe('fault:rateLimited');
  });
});

describe('AgentIngest declared interval', () => {
  it('clamps a declared interval to 100 ms - 1 h, so 1 ms neither flaps the host offline between samples nor widens its burst', () => {
    const historyMs = 60_000;
    const { registry, ingest, socket, advance } = setup(historyMs);
    const data = socket();
    expect(ingest.handle(data, JSON.stringify(makeHello(HOST, RUN, 1)))).toMatchObject({ kind: 'welcome', clampedIntervalMs: 1 });
    expect(registry.get(HOST)!.intervalMs).toBe(100);
    // Samples 200 ms apart keep a host declaring 1 ms online: its offline limit is 3.5 intervals of 100 ms.
    for (let seq = 1; seq <= 5; seq++) {
      advance(200);
      expect(kindOf(ingest.handle(data, JSON.stringify(sampleFor(HOST, RUN, seq))))).toBe('sample');
      registry.checkOffline();
      expect(registry.get(HOST)!.online).toBe(true);
    }
    // The burst allowance is a history window at 100 ms, not at 1 ms.
    const burst = historyMs / 100 + RATE_LIMIT_SLACK_FRAMES;
    let taken = 0;
    while (taken < burst + 10 && kindOf(ingest.handle(data, JSON.stringify(sampleFor(HOST, RUN, 6 + taken)))) === 'sample') taken++;
    expect(taken).toBeLessThanOrEqual(burst);
    expect(taken).toBeGreaterThan(burst - 10);

    const slow = socket();
    expect(ingest.handle(slow, JSON.stringify(makeHello('slow-host', RUN, 3_600_000)))).not.toHaveProperty('clampedIntervalMs');
    expect(registry.get('slow-host')!.intervalMs).toBe(3_600_000);
  });
});

describe('AgentIngest host bounds', () => {
  const hello = (hostId: string) => JSON.stringify(makeHello(hostId, RUN));
  /** Disconnects a host and lets its intervals pass, so the registry turns it offline and may delete it. */
  const goOffline = (registry: HostRegistry, hostId: string, advance: (ms: number) => void): void => {
    registry.disconnect(hostId);
    advance(10_000);
    registry.checkOffline();
  };

  it('refuses a hello for a new host id once the registry holds maxHosts, but still welcomes known hosts', () => {
    const { registry, ingest, socket, advance } = setup(60_000, 3);
    expect(kindOf(ingest.handle(socket(), hello('h-1')))).toBe('welcome');
    expect(kindOf(ingest.handle(socket(), hello('h-2')))).toBe('welcome');
    expect(ingest.handle(socket(), hello('h-3'))).toMatchObject({ kind: 'fault', fault: 'tooManyHosts', detail: expect.stringContaining('--max-hosts') });
    expect(registry.get('h-3')).toBeUndefined();
    registry.disconnect('h-1');
    expect(kindOf(ingest.handle(socket(), hello('h-1')))).toBe('welcome');
    goOffline(registry, 'h-2', advance);
    expect(registry.remove('h-2')).toBe('removed');
    expect(kindOf(ingest.handle(socket(), hello('h-3')))).toBe('welcome');
  });

  it('limits new host ids per remote address, not hosts the hub knows nor other addresses, and forgets full allowances', () => {
    const { ingest, registry, socket, advance } = setup();
    const burst = NEW_HOST_BUCKET_SHAPE.capacity;
    for (let i = 0; i < burst; i++) expect(kindOf(ingest.handle(socket('10.0.0.1'), hello(`n-${i}`)))).toBe('welcome');
    expect(ingest.handle(socket('10.0.0.1'), hello('n-over'))).toMatchObject({ kind: 'fault', fault: 'rateLimited', detail: expect.stringContaining('new host ids from 10.0.0.1') });
    registry.disconnect('n-0');
    expect(kindOf(ingest.handle(socket('10.0.0.1'), hello('n-0')))).toBe('welcome');
    expect(kindOf(ingest.handle(socket('10.0.0.2'), hello('m-0')))).toBe('welcome');
    advance(1000);
    const refilled = Array.from({ length: 10 }, (_, i) => kindOf(ingest.handle(socket('10.0.0.1'), hello(`later-${i}`))));
    expect(refilled.filter((k) => k === 'welcome')).toHaveLength(NEW_HOST_BUCKET_SHAPE.refillPerSec);
    expect(ingest.trackedAddresses).toBe(2);
    advance(10_000);
    ingest.prune();
    expect(ingest.trackedAddresses).toBe(1);
    advance((burst / NEW_HOST_BUCKET_SHAPE.refillPerSec) * 1000);
    ingest.prune();
    expect(ingest.trackedAddresses).toBe(0);
  });

  it("drops a forgotten host's sample allowance, so it comes back as a new host would", () => {
    const historyMs = 60_000;
    const { ingest, registry, socket, advance } = setup(historyMs);
    const flood = socket();
    ingest.handle(flood, hello(HOST));
    let seq = 0;
    while (kindOf(ingest.handle(flood, JSON.stringify(sampleFor(HOST, RUN, ++seq)))) === 'sample');
    registry.disconnect(HOST);
    const again = socket();
    ingest.handle(again, hello(HOST));
    expect(kindOf(ingest.handle(again, JSON.stringify(sampleFor(HOST, RUN, seq))))).toBe('fault:rateLimited');
    goOffline(registry, HOST, advance);
    expect(registry.remove(HOST)).toBe('removed');
    const fresh = socket();
    expect(kindOf(ingest.handle(fresh, hello(HOST)))).toBe('welcome');
    expect(kindOf(ingest.handle(fresh, JSON.stringify(sampleFor(HOST, RUN, seq))))).toBe('sample');
  });
});

describe('AgentIngest watched processes', () => {
  const hello = (hostId: string) => JSON.stringify(makeHello(hostId, RUN));
  const watched = (hostId: string, runId: string) => JSON.stringify({ type: 'watched', hostId, runId, tsMs: 5, matches: [{ id: 'nginx-down', count: 0, processes: [] }] });

  it('lists understands and watched in the welcome, notes what the agent understands, and hands on its reports', () => {
    const { ingest, socket } = setup();
    const data = socket();
    const welcome = ingest.handle(data, hello(HOST));
    expect(welcome.kind === 'welcome' && welcome.welcome.accepts).toEqual(expect.arrayContaining(['processes', 'understands', 'watched']));
    expect(ingest.handle(data, JSON.stringify({ type: 'understands', types: ['watch'] }))).toEqual({ kind: 'understands', hostId: HOST });
    expect([...data.understands!]).toEqual(['watch']);
    expect(ingest.handle(data, watched(HOST, RUN))).toEqual({ kind: 'watched', report: JSON.parse(watched(HOST, RUN)) });
  });

  it('refuses understands before hello and a report for another host or run', () => {
    const { ingest, socket } = setup();
    expect(kindOf(ingest.handle(socket(), JSON.stringify({ type: 'understands', types: ['watch'] })))).toBe('fault:unexpectedMessage');
    const data = socket();
    ingest.handle(data, hello(HOST));
    expect(kindOf(ingest.handle(data, watched('elsewhere', RUN)))).toBe('fault:unexpectedMessage');
    const other = socket();
    ingest.handle(other, hello('host-2'));
    expect(kindOf(ingest.handle(other, watched('host-2', 'other-run')))).toBe('fault:unexpectedMessage');
  });
});
