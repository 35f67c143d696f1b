import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostProcessTable, HostSample, SeriesResponse } from '@hostpulse/protocol';
import { HubClient, newClientId, type HubListener } from './hub-client.js';
import { testSample } from '../../test/test-sample.js';
import type { Transport, TransportContext, TransportFactory, Watch } from './transport.js';
import type { Mode } from '../routing/url-state.js';

function sample(seq: number, runId = 'run-a'): HostSample {
  return testSample(seq, { runId });
}

/** A transport the test drives by hand; it records how it was started. */
interface FakeTransport extends Transport {
  context: TransportContext;
  startedWith: Watch | undefined;
  stopped: boolean;
  /** Hosts whose window the client asked to load again. */
  reloads: string[];
}

function fakeFactory(created: FakeTransport[]): TransportFactory {
  return (mode: Mode, _intervalMs: number, context: TransportContext) => {
    const fake: FakeTransport = {
      mode,
      context,
      startedWith: undefined,
      stopped: false,
      reloads: [],
      start(watch) {
        fake.startedWith = watch;
      },
      setWatch() {},
      loadWindow(hostId) {
        fake.reloads.push(hostId);
      },
      stop() {
        fake.stopped = true;
      },
    };
    created.push(fake);
    return fake;
  };
}

function recordingListener(): { listener: HubListener; seqs: number[]; states: string[]; windows: number[]; tables: string[] } {
  const seqs: number[] = [];
  const windows: number[] = [];
  const states: string[] = [];
  const tables: string[] = [];
  const ignore = (): void => {};
  const listener: HubListener = {
    overview: ignore,
    hostInfo: ignore,
    hostUnknown: ignore,
    series: (_hostId, series) => windows.push(series.lastSeq),
    samples: (_hostId, samples) => seqs.push(...samples.map((s) => s.seq)),
    processes: (table) => tables.push(`${table.hostId}@${table.tsMs}`),
    hostStatus: ignore,
    stats: ignore,
    connection: (state, mode) => states.push(`${mode}:${state}`),
    traffic: ignore,
    alerts: ignore,
    clock: ignore,
    viewerTokenNeeded: ignore,
    hostNameRefused: ignore,
  };
  return { listener, seqs, states, windows, tables };
}

const watch: Watch = { overview: true, stats: true, host: { hostId: 'web-1', windowMs: 300_000, points: 400 } };

/** The hub's answer for a window whose newest sample is `lastSeq` of `runId`. */
function seriesUpTo(lastSeq: number, runId = 'run-a'): SeriesResponse {
  return { hostId: 'web-1', fromMs: 700_000, toMs: sample(lastSeq).hubRxMs, tier: 'raw', bucketMs: 1000, runId, lastSeq, t: [], lines: [] };
}

describe('HubClient transport swap', () => {
  it('continues the new transport from the cursor, with no gap and no duplicate', () => {
    const created: FakeTransport[] = [];
    const { listener, seqs, windows } = recordingListener();
    const client = new HubClient({ listener, createTransport: fakeFactory(created), clockEveryMs: 0, clientId: 'tab-1' });
    client.start(watch);
    const push = created[0]!;
    push.context.events.series('web-1', seriesUpTo(3));
    // A live sample the window already folded in is dropped.
    push.context.events.samples('web-1', [sample(3), sample(4)]);

    client.setTransport('poll', 1000);
    const poll = created[1]!;
    expect(push.stopped).toBe(true);
    expect(poll.mode).toBe('poll');
    expect(poll.startedWith).toEqual(watch);
    // The new transport asks from where the old one stopped.
    expect(poll.context.cursorOf('web-1')).toMatchObject({ runId: 'run-a', lastSeq: 4 });
    // A hub answer overlapping what was already shown delivers only the new samples.
    poll.context.events.samples('web-1', [sample(4), sample(5), sample(6)]);

    client.setTransport('push', 1000);
    const push2 = created[2]!;
    expect(push2.context.cursorOf('web-1')?.lastSeq).toBe(6);
    push2.context.events.samples('web-1', [sample(7), sample(8)]);

    expect(windows).toEqual([3]);
    expect(seqs).toEqual([4, 5, 6, 7, 8]);
    expect(created.flatMap((t) => t.reloads)).toEqual([]);
  });

  it('ignores late events from a transport that was swapped out', () => {
    const created: FakeTransport[] = [];
    const { listener, seqs, states } = recordingListener();
    const client = new HubClient({ listener, createTransport: fakeFactory(created), clockEveryMs: 0 });
    client.start(watch);
    const push = created[0]!;
    push.context.events.connection('live');
    push.context.events.samples('web-1', [sample(1)]);
    client.setTransport('poll', 250);
    // A response that was in flight when the user switched arrives afterwards.
    push.context.events.samples('web-1', [sample(2)]);
    push.context.events.connection('retrying');
    created[1]!.context.events.connection('live');
    created[1]!.context.events.samples('web-1', [sample(2)]);
    expect(seqs).toEqual([1, 2]);
    expect(states).toEqual(['push:live', 'poll:live']);
  });

  it('accepts a new run of the agent after a restart', () => {
    const created: FakeTransport[] = [];
    const { listener, seqs } = recordingListener();
    const client = new HubClient({ listener, createTransport: fakeFactory(created), clockEveryMs: 0 });
    client.start(watch);
    const events = created[0]!.context.events;
    events.series('web-1', seriesUpTo(8));
    events.samples('web-1', [sample(9), sample(10)]);
    // A live duplicate is dropped.
    events.samples('web-1', [sample(10)]);
    // The agent restarted: its new run starts at seq 1 but was received later.
    const restarted = { ...sample(1, 'run-b'), hubRxMs: sample(10).hubRxMs + 500 };
    events.samples('web-1', [restarted]);
    expect(client.cursorOf('web-1')).toMatchObject({ runId: 'run-b', lastSeq: 1 });
    expect(seqs).toEqual([9, 10, 1]);
    expect(created[0]!.reloads).toEqual([]);
  });

  it('loads the window again when samples went missing on the way, or the window changed', () => {
    const created: FakeTransport[] = [];
    const { listener, seqs } = recordingListener();
    const client = new HubClient({ listener, createTransport: fakeFactory(created), clockEveryMs: 0 });
    client.start(watch);
    const events = created[0]!.context.events;
    events.series('web-1', seriesUpTo(8));
    // The hub sent only the newest of what followed 8: 9 to 19 are missing.
    events.samples('web-1', [sample(20), sample(21)]);
    expect(seqs).toEqual([20, 21]);
    expect(created[0]!.reloads).toEqual(['web-1']);
    expect(client.cursorOf('web-1')).toBeUndefined();
    events.series('web-1', seriesUpTo(21));
    expect(client.cursorOf('web-1')).toMatchObject({ lastSeq: 21 });
    client.setWatch({ ...watch, host: { hostId: 'web-1', windowMs: 86_400_000, points: 400 } });
    expect(created[0]!.reloads).toEqual(['web-1', 'web-1']);
    expect(client.cursorOf('web-1')).toBeUndefined();
    // Only the chart width changed: nothing to load again.
    client.setWatch({ ...watch, host: { hostId: 'web-1', windowMs: 86_400_000, points: 700 } });
    expect(created[0]!.reloads).toHaveLength(2);
  });

  it('forgets the cursor of a host it stops watching, so coming back loads it afresh', () => {
    const created: FakeTransport[] = [];
    const { listener } = recordingListener();
    const client = new HubClient({ listener, createTransport: fakeFactory(created), clockEveryMs: 0 });
    client.start(watch);
    created[0]!.context.events.samples('web-1', [sample(1)]);
    client.setWatch({ ...watch, host: { hostId: 'db-1', windowMs: 300_000, points: 400 } });
    expect(client.cursorOf('web-1')).toBeUndefined();
    // Answers for web-1 that were in flight arrive after the switch: they are dropped.
    created[0]!.context.events.samples('web-1', [sample(2)]);
    created[0]!.context.events.series('web-1', seriesUpTo(2));
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

  it('reports a 421 from /api/time as a name the hub does not answer to', async () => {
    vi.useFakeTimers();
    let status = 421;
    vi.stubGlobal('fetch', async () => new Response('{"error":{"status":421,"message":"name"}}', { status }));
    const refused: boolean[] = [];
    const { listener } = recordingListener();
    const client = new HubClient({ listener: { ...listener, hostNameRefused: (r) => refused.push(r) }, baseUrl: 'http://hub.test/', createTransport: fakeFactory([]), clockEveryMs: 30_000 });
    client.start(watch);
    await vi.advanceTimersByTimeAsync(0);
    status = 200;
    await vi.advanceTimersByTimeAsync(5000);
    expect(refused).toEqual([true, false]);
    client.stop();
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
