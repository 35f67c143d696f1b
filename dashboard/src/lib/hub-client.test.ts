import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostProcessTable, HostSample } from '@hostpulse/protocol';
import { HubClient, newClientId, type HubListener } from './hub-client.js';
import type { Transport, TransportContext, TransportFactory, Watch } from './transport.js';
import type { Mode } from './url-state.js';

function sample(seq: number, runId = 'run-a'): HostSample {
  return {
    hostId: 'web-1',
    runId,
    seq,
    tsMs: 1_000_000 + seq * 1000,
    hubRxMs: 1_000_050 + seq * 1000,
    intervalMs: 1000,
    uptimeSec: 100 + seq,
    processCount: 10,
    cpu: { total: { userPct: 1, systemPct: 1, iowaitPct: 0, stealPct: 0, idlePct: 98 }, cores: [] },
    load: { one: 0, five: 0, fifteen: 0 },
    mem: { totalBytes: 100, usedBytes: 50, availableBytes: 50, cachedBytes: 0, buffersBytes: 0 },
    swap: { totalBytes: 0, usedBytes: 0 },
    net: [],
    disk: [],
  };
}

/** A transport the test drives by hand; it records how it was started. */
interface FakeTransport extends Transport {
  context: TransportContext;
  startedWith: Watch | undefined;
  stopped: boolean;
  history: { hostId: string; limit: number }[];
}

function fakeFactory(created: FakeTransport[]): TransportFactory {
  return (mode: Mode, _intervalMs: number, context: TransportContext) => {
    const fake: FakeTransport = {
      mode,
      context,
      startedWith: undefined,
      stopped: false,
      history: [],
      start(watch) {
        fake.startedWith = watch;
      },
      setWatch() {},
      loadHistory(hostId, limit) {
        fake.history.push({ hostId, limit });
      },
      stop() {
        fake.stopped = true;
      },
    };
    created.push(fake);
    return fake;
  };
}

function recordingListener(): { listener: HubListener; seqs: number[]; states: string[]; tables: string[] } {
  const seqs: number[] = [];
  const states: string[] = [];
  const tables: string[] = [];
  const ignore = (): void => {};
  const listener: HubListener = {
    overview: ignore,
    hostInfo: ignore,
    hostUnknown: ignore,
    samples: (_hostId, samples) => seqs.push(...samples.map((s) => s.seq)),
    processes: (table) => tables.push(`${table.hostId}@${table.tsMs}`),
    hostStatus: ignore,
    stats: ignore,
    connection: (state, mode) => states.push(`${mode}:${state}`),
    traffic: ignore,
    clock: ignore,
    viewerTokenNeeded: ignore,
  };
  return { listener, seqs, states, tables };
}

const watch: Watch = { overview: true, stats: true, host: { hostId: 'web-1', limit: 60 } };

describe('HubClient transport swap', () => {
  it('continues the new transport from the cursor, with no gap and no duplicate', () => {
    const created: FakeTransport[] = [];
    const { listener, seqs } = recordingListener();
    const client = new HubClient({ listener, createTransport: fakeFactory(created), clockEveryMs: 0, clientId: 'tab-1' });
    client.start(watch);
    const push = created[0]!;
    push.context.events.samples('web-1', [sample(1), sample(2), sample(3)], true);
    push.context.events.samples('web-1', [sample(4)], false);

    client.setTransport('poll', 1000);
    const poll = created[1]!;
    expect(push.stopped).toBe(true);
    expect(poll.mode).toBe('poll');
    expect(poll.startedWith).toEqual(watch);
    // The new transport asks from where the old one stopped.
    expect(poll.context.cursorOf('web-1')).toMatchObject({ runId: 'run-a', lastSeq: 4 });
    // A hub answer overlapping what was already shown delivers only the new samples.
    poll.context.events.samples('web-1', [sample(4), sample(5), sample(6)], false);

    client.setTransport('push', 1000);
    const push2 = created[2]!;
    expect(push2.context.cursorOf('web-1')?.lastSeq).toBe(6);
    push2.context.events.samples('web-1', [sample(7), sample(8)], true);

    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('ignores late events from a transport that was swapped out', () => {
    const created: FakeTransport[] = [];
    const { listener, seqs, states } = recordingListener();
    const client = new HubClient({ listener, createTransport: fakeFactory(created), clockEveryMs: 0 });
    client.start(watch);
    const push = created[0]!;
    push.context.events.connection('live');
    push.context.events.samples('web-1', [sample(1)], false);
    client.setTransport('poll', 250);
    // A response that was in flight when the user switched arrives afterwards.
    push.context.events.samples('web-1', [sample(2)], false);
    push.context.events.connection('retrying');
    created[1]!.context.events.connection('live');
    created[1]!.context.events.samples('web-1', [sample(2)], false);
    expect(seqs).toEqual([1, 2]);
    expect(states).toEqual(['push:live', 'poll:live']);
  });

  it('accepts a new run of the agent after a restart, and history that reaches back', () => {
    const created: FakeTransport[] = [];
    const { listener, seqs } = recordingListener();
    const client = new HubClient({ listener, createTransport: fakeFactory(created), clockEveryMs: 0 });
    client.start(watch);
    const events = created[0]!.context.events;
    events.samples('web-1', [sample(9), sample(10)], false);
    // A live duplicate is dropped.
    events.samples('web-1', [sample(10)], false);
    // The agent restarted: its new run starts at seq 1 but was received later.
    const restarted = { ...sample(1, 'run-b'), hubRxMs: sample(10).hubRxMs + 500 };
    events.samples('web-1', [restarted], false);
    expect(client.cursorOf('web-1')).toMatchObject({ runId: 'run-b', lastSeq: 1 });
    // A longer window: the history answer reaches back before what is held.
    client.loadHistory('web-1', 300);
    expect(created[0]!.history).toEqual([{ hostId: 'web-1', limit: 300 }]);
    events.samples('web-1', [sample(7), sample(8)], true);
    expect(seqs).toEqual([9, 10, 1, 7, 8]);
  });

  it('forgets the cursor of a host it stops watching, so coming back loads it afresh', () => {
    const created: FakeTransport[] = [];
    const { listener } = recordingListener();
    const client = new HubClient({ listener, createTransport: fakeFactory(created), clockEveryMs: 0 });
    client.start(watch);
    created[0]!.context.events.samples('web-1', [sample(1)], false);
    client.setWatch({ ...watch, host: { hostId: 'db-1', limit: 60 } });
    expect(client.cursorOf('web-1')).toBeUndefined();
    // An answer for web-1 that was in flight arrives after the switch: it is dropped.
    created[0]!.context.events.samples('web-1', [sample(2)], false);
    expect(client.cursorOf('web-1')).toBeUndefined();
  });

  it('relays the watched host’s process tables only, and none from a swapped-out transport', () => {
    const created: FakeTransport[] = [];
    const { listener, tables } = recordingListener();
    const client = new HubClient({ listener, createTransport: fakeFactory(created), clockEveryMs: 0 });
    client.start(watch);
    const table = (hostId: string, tsMs: number) => ({ hostId, tsMs }) as HostProcessTable;
    created[0]!.context.events.processes(table('web-1', 5000));
    created[0]!.context.events.processes(table('db-1', 5000));
    client.setTransport('poll', 1000);
    created[0]!.context.events.processes(table('web-1', 10_000));
    created[1]!.context.events.processes(table('web-1', 15_000));
    expect(tables).toEqual(['web-1@5000', 'web-1@15000']);
  });
});

describe('newClientId', () => {
  it('makes a different 32-hex-digit id each time', () => {
    const a = newClientId();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newClientId()).not.toBe(a);
  });
});

describe('HubClient clock and access', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reads the hub clock offset from /api/time, and reports a 401 as a missing viewer token', async () => {
    vi.useFakeTimers();
    let status = 401;
    vi.stubGlobal('fetch', async (input: URL) => {
      expect(String(input)).toBe('http://hub.test/api/time');
      return new Response(JSON.stringify({ hubTimeMs: Date.now() + 5000 }), { status });
    });
    const needed: boolean[] = [];
    const offsets: number[] = [];
    const { listener } = recordingListener();
    const client = new HubClient({
      listener: { ...listener, viewerTokenNeeded: (n) => needed.push(n), clock: (r) => offsets.push(Math.round(r.offsetMs)) },
      baseUrl: 'http://hub.test/',
      createTransport: fakeFactory([]),
      clockEveryMs: 30_000,
    });
    client.start(watch);
    await vi.advanceTimersByTimeAsync(0);
    expect(needed).toEqual([true]);
    expect(offsets).toEqual([]);
    status = 200;
    await vi.advanceTimersByTimeAsync(5000);
    expect(needed).toEqual([true, false]);
    expect(offsets).toEqual([5000]);
    client.stop();
  });
});
