import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostInfo, HostProcessTable, ProcessesResponse, SamplesResponse, SeriesResponse } from '@hostpulse/protocol';
import { createPollTransport } from './poll-transport.js';
import type { Cursor } from './cursor.js';
import type { TransportContext, TransportEvents } from './transport.js';

interface Call {
  url: string;
  headers: Record<string, string>;
}

function recorder(): { events: TransportEvents; log: string[] } {
  const log: string[] = [];
  const events: TransportEvents = {
    overview: (u) => log.push(`overview ${u.version}${u.full ? '' : ' delta'} ${u.hosts.map((h) => h.hostId).join(',')}`.trimEnd()),
    hostInfo: (i) => log.push(`info ${i.hostId}`),
    hostUnknown: (id) => log.push(`unknown ${id}`),
    series: (hostId, series) => log.push(`series ${hostId} ${series.tier} ${series.lastSeq}`),
    samples: (hostId, samples) => log.push(`samples ${hostId} ${samples.map((s) => s.seq).join(',')}`),
    hostStatus: () => {},
    processes: (t) => log.push(`processes ${t.hostId} ${t.tsMs}`),
    stats: () => log.push('stats'),
    connection: (state) => log.push(`connection ${state}`),
    traffic: () => {},
    alerts: () => {},
  };
  return { events, log };
}

/** A poll transport's context on a hub whose clock reads 1,000,000,000 ms. */
function contextOf(events: TransportEvents, cursorOf: TransportContext['cursorOf'], clientId = 'tab'): TransportContext {
  return { baseUrl: 'http://hub.test', clientId, events, cursorOf, hubNowMs: () => 1_000_000_000 };
}

const host = (hostId: string) => ({ hostId, windowMs: 300_000, points: 400 });

const seriesBody = (lastSeq: number): SeriesResponse => ({ hostId: 'web-1', fromMs: 999_700_000, toMs: 1_000_000_000, tier: 'raw', bucketMs: 1000, runId: 'run-a', lastSeq, t: [], lines: [] });

const samplesBody = (seqs: number[]): SamplesResponse => ({
  hostId: 'web-1',
  runId: 'run-a',
  lastSeq: seqs[seqs.length - 1] ?? 0,
  online: true,
  samples: seqs.map((seq) => ({ hostId: 'web-1', runId: 'run-a', seq, tsMs: seq * 1000, hubRxMs: seq * 1000 }) as SamplesResponse['samples'][number]),
});

describe('poll transport', () => {
  let calls: Call[];
  let answer: (url: string) => Response;
  /** Answers GET /api/hosts/:id/processes; a host with no table yet unless a test says otherwise. */
  let answerProcesses: (url: string) => Response;

  beforeEach(() => {
    vi.useFakeTimers();
    calls = [];
    answerProcesses = () => new Response(JSON.stringify({ hostId: 'web-1', online: true, table: null } satisfies ProcessesResponse));
    vi.stubGlobal('fetch', async (input: URL, init: RequestInit) => {
      calls.push({ url: String(input), headers: init.headers as Record<string, string> });
      return String(input).endsWith('/processes') ? answerProcesses(String(input)) : answer(String(input));
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('asks for the samples after the cursor, then sends the ETag and takes a 304 as nothing new', async () => {
    const { events, log } = recorder();
    let cursor: Cursor | undefined = { runId: 'run-a', lastSeq: 4, lastHubRxMs: 4000 };
    let samplesAnswered = 0;
    answer = (url) => {
      if (url.endsWith('/api/hosts/web-1')) return new Response(JSON.stringify({ hostId: 'web-1' } as HostInfo));
      samplesAnswered += 1;
      if (samplesAnswered === 1) return new Response(JSON.stringify(samplesBody([5, 6])), { headers: { etag: '"run-a:6"' } });
      return new Response(null, { status: 304 });
    };
    const transport = createPollTransport(contextOf(events, () => cursor, 'tab-7'), { intervalMs: 1000 });
    transport.start({ overview: false, stats: false, host: host('web-1') });
    await vi.advanceTimersByTimeAsync(0);
    cursor = { runId: 'run-a', lastSeq: 6, lastHubRxMs: 6000 };
    await vi.advanceTimersByTimeAsync(1000);
    transport.stop();

    const sampleCalls = calls.filter((c) => c.url.includes('/samples'));
    expect(sampleCalls[0]!.url).toBe('http://hub.test/api/hosts/web-1/samples?run=run-a&after=4&limit=300');
    expect(sampleCalls[0]!.headers['x-hostpulse-client']).toBe('tab-7');
    expect(sampleCalls[1]!.url).toContain('after=6');
    expect(sampleCalls[1]!.headers['if-none-match']).toBe('"run-a:6"');
    expect(log.filter((l) => l.startsWith('samples'))).toEqual(['samples web-1 5,6']);
    // With a cursor (a swap from push) the window is not loaded again.
    expect(calls.some((c) => c.url.includes('/series'))).toBe(false);
  });

  it('asks again at once, from the cursor the answer moved, while the hub says more', async () => {
    const { events, log } = recorder();
    let cursor: Cursor | undefined = { runId: 'run-a', lastSeq: 4, lastHubRxMs: 4000 };
    const pages = [[5, 6], [7, 8], [9]];
    answer = (url) => {
      if (url.endsWith('/api/hosts/web-1')) return new Response(JSON.stringify({ hostId: 'web-1' } as HostInfo));
      const seqs = pages.shift() ?? [];
      return new Response(JSON.stringify({ ...samplesBody(seqs), lastSeq: 9, more: pages.length > 0 }));
    };
    const context = contextOf({ ...events, samples: (hostId, samples) => {
      events.samples(hostId, samples);
      cursor = { runId: 'run-a', lastSeq: samples.at(-1)!.seq, lastHubRxMs: samples.at(-1)!.hubRxMs };
    } }, () => cursor);
    const transport = createPollTransport(context, { intervalMs: 1000 });
    transport.start({ overview: false, stats: false, host: host('web-1') });
    // All three answers within the first tick, not one per interval.
    await vi.advanceTimersByTimeAsync(0);
    transport.stop();
    const sampleCalls = calls.filter((c) => c.url.includes('/samples')).map((c) => c.url.replace('http://hub.test/api/hosts/web-1/', ''));
    expect(sampleCalls).toEqual(['samples?run=run-a&after=4&limit=300', 'samples?run=run-a&after=6&limit=300', 'samples?run=run-a&after=8&limit=300']);
    expect(log.filter((l) => l.startsWith('samples'))).toEqual(['samples web-1 5,6', 'samples web-1 7,8', 'samples web-1 9']);
  });

  it('loads the window from /series without a cursor, then continues after its newest sample', async () => {
    const { events, log } = recorder();
    let cursor: Cursor | undefined;
    answer = (url) => {
      if (url.endsWith('/api/hosts/web-1')) return new Response(JSON.stringify({ hostId: 'web-1' }));
      if (url.includes('/series')) return new Response(JSON.stringify(seriesBody(41)));
      return new Response(JSON.stringify(samplesBody([42])));
    };
    const transport = createPollTransport(contextOf(events, () => cursor), { intervalMs: 1000 });
    transport.start({ overview: false, stats: false, host: host('web-1') });
    await vi.advanceTimersByTimeAsync(0);
    // The hub client sets the cursor from the window's newest sample.
    cursor = { runId: 'run-a', lastSeq: 41, lastHubRxMs: 1_000_000_000 };
    await vi.advanceTimersByTimeAsync(1000);
    // Another window: asked afresh even though a cursor is held.
    transport.setWatch({ overview: false, stats: false, host: { ...host('web-1'), windowMs: 86_400_000 } });
    transport.loadWindow('web-1');
    await vi.advanceTimersByTimeAsync(1000);
    transport.stop();
    const hostCalls = calls.filter((c) => c.url.includes('/series') || c.url.includes('/samples')).map((c) => c.url.replace('http://hub.test/api/hosts/web-1/', ''));
    expect(hostCalls).toEqual([
      'series?from=999700000&to=1000000000&points=400',
      'samples?run=run-a&after=41&limit=300',
      'series?from=913600000&to=1000000000&points=400',
    ]);
    expect(log.filter((l) => l.startsWith('series') || l.startsWith('samples'))).toEqual(['series web-1 raw 41', 'samples web-1 42', 'series web-1 raw 41']);
  });

  it('loads the window again after it failed to, and does not reload it while no sample has come', async () => {
    const { events, log } = recorder();
    let seriesAnswers = 0;
    answer = (url) => {
      if (url.endsWith('/api/hosts/web-1')) return new Response(JSON.stringify({ hostId: 'web-1' }));
      if (url.includes('/series')) {
        seriesAnswers += 1;
        return seriesAnswers === 1 ? new Response('{"error":{"status":503,"message":"busy"}}', { status: 503 }) : new Response(JSON.stringify({ ...seriesBody(0), runId: null }));
      }
      return new Response(JSON.stringify(samplesBody([])));
    };
    const transport = createPollTransport(contextOf(events, () => undefined), { intervalMs: 1000 });
    transport.start({ overview: false, stats: false, host: host('web-1') });
    await vi.advanceTimersByTimeAsync(5000);
    transport.stop();
    expect(log).toContain('connection retrying');
    expect(seriesAnswers).toBe(2);
    // An empty window holds no cursor: the recent samples are asked for without one.
    expect(calls.filter((c) => c.url.includes('/samples'))[0]!.url).toBe('http://hub.test/api/hosts/web-1/samples?limit=300');
  });

  it('asks for the host’s process table at most once a second with its ETag, and reports each new one', async () => {
    const { events, log } = recorder();
    answer = (url) => {
      if (url.endsWith('/api/hosts/web-1')) return new Response(JSON.stringify({ hostId: 'web-1' } as HostInfo));
      if (url.includes('/series')) return new Response(JSON.stringify(seriesBody(1)));
      return new Response(JSON.stringify(samplesBody([1])));
    };
    const table = (tsMs: number) => ({ hostId: 'web-1', tsMs }) as HostProcessTable;
    const answers = [
      new Response(JSON.stringify({ hostId: 'web-1', online: true, table: table(5000) }), { headers: { etag: '"t5"' } }),
      new Response(null, { status: 304 }),
      new Response(JSON.stringify({ hostId: 'web-1', online: true, table: table(10_000) }), { headers: { etag: '"t10"' } }),
    ];
    answerProcesses = () => answers.shift()!;
    const transport = createPollTransport(contextOf(events, () => undefined), { intervalMs: 250 });
    transport.start({ overview: false, stats: false, host: host('web-1') });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2100);
    transport.stop();
    const asked = calls.filter((c) => c.url.endsWith('/processes'));
    // About nine polls in 2.1 s at 250 ms, but the table is asked for three times.
    expect(calls.filter((c) => c.url.includes('/samples') || c.url.includes('/series')).length).toBeGreaterThanOrEqual(8);
    expect(asked.map((c) => c.headers['if-none-match'] ?? '-')).toEqual(['-', '"t5"', '"t5"']);
    expect(log.filter((l) => l.startsWith('processes'))).toEqual(['processes web-1 5000', 'processes web-1 10000']);
  });

  it('keeps polling with a growing delay while the hub fails, and reports live again when it answers', async () => {
    const { events, log } = recorder();
    let failing = true;
    answer = () => (failing ? new Response('{}', { status: 503 }) : new Response(JSON.stringify({ version: 9, hubTimeMs: 0, full: true, hosts: [] })));
    const transport = createPollTransport(contextOf(events, () => undefined), { intervalMs: 1000, retryMaxMs: 8000 });
    transport.start({ overview: true, stats: false, host: null });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(1200); // first retry after about 1 s
    const afterTwo = calls.length;
    await vi.advanceTimersByTimeAsync(1200); // the second waits about 2 s: no call yet
    expect(calls.length).toBe(afterTwo);
    failing = false;
    await vi.advanceTimersByTimeAsync(10_000);
    transport.stop();
    expect(log.filter((l) => l === 'connection retrying').length).toBeGreaterThanOrEqual(2);
    expect(log).toContain('overview 9');
    expect(log[log.length - 1]).toBe('connection live');
  });

  it('takes a 404 for the host as "unknown host" and keeps polling the rest at full speed', async () => {
    const { events, log } = recorder();
    answer = (url) => (url.includes('/api/hosts/') ? new Response('{"error":{"status":404,"message":"no host"}}', { status: 404 }) : new Response(JSON.stringify({ version: 1, hubTimeMs: 0, full: true, hosts: [] })));
    const transport = createPollTransport(contextOf(events, () => undefined), { intervalMs: 1000 });
    transport.start({ overview: true, stats: false, host: host('gone-1') });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2000);
    transport.stop();
    expect(log).toContain('unknown gone-1');
    expect(log).not.toContain('connection retrying');
    expect(calls.filter((c) => c.url.includes('/api/overview')).map((c) => c.url.replace('http://hub.test', ''))).toEqual([
      '/api/overview',
      '/api/overview?since=1',
      '/api/overview?since=1',
    ]);
  });

  it('asks the overview since the version held, merges deltas, and starts over in full after a 400 or a re-watch', async () => {
    const { events, log } = recorder();
    const host = (hostId: string) => ({ hostId, hostname: hostId, online: true, lastSeenMs: 0, runId: 'r', lastSeq: 1, metrics: null });
    const answers: Response[] = [
      new Response(JSON.stringify({ version: 10, hubTimeMs: 0, full: true, hosts: [host('a'), host('b')] }), { headers: { etag: '"10"' } }),
      new Response(JSON.stringify({ version: 12, hubTimeMs: 0, full: false, hosts: [host('b')] }), { headers: { etag: '"12"' } }),
      new Response(null, { status: 304 }),
      new Response('{"error":{"status":400,"message":"since"}}', { status: 400 }),
      new Response(JSON.stringify({ version: 3, hubTimeMs: 0, full: true, hosts: [host('a')] }), { headers: { etag: '"3"' } }),
      new Response(JSON.stringify({ version: 3, hubTimeMs: 0, full: true, hosts: [host('a')] }), { headers: { etag: '"3"' } }),
    ];
    answer = () => answers.shift()!;
    const transport = createPollTransport(contextOf(events, () => undefined), { intervalMs: 1000 });
    transport.start({ overview: true, stats: false, host: null });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(3000);
    transport.setWatch({ overview: false, stats: false, host: null });
    transport.setWatch({ overview: true, stats: false, host: null });
    await vi.advanceTimersByTimeAsync(1000);
    transport.stop();
    const overviewCalls = calls.map((c) => [c.url.replace('http://hub.test', ''), c.headers['if-none-match'] ?? '-']);
    expect(overviewCalls).toEqual([
      ['/api/overview', '-'],
      ['/api/overview?since=10', '"10"'],
      ['/api/overview?since=12', '"12"'],
      ['/api/overview?since=12', '"12"'],
      ['/api/overview', '-'],
      ['/api/overview', '-'],
    ]);
    expect(log.filter((l) => l.startsWith('overview'))).toEqual(['overview 10 a,b', 'overview 12 delta b', 'overview 3 a', 'overview 3 a']);
    expect(log).not.toContain('connection retrying');
  });
});
