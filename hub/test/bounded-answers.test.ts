import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, MAX_SAMPLES_RESPONSE_BYTES, MAX_SERIES_LINE_POINTS, MAX_SERIES_POINTS, MAX_WINDOW_LOAD_BYTES, OVERVIEW_TOPIC, parseLineId, roundForLine, sampleChartValues } from '@hostpulse/protocol';
import type { AgentSample, HostSummary, OverviewFrame, Sample, SamplesResponse, SeriesResponse, Snapshot } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { oneTo } from '@hostpulse/testkit/hub-reads';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { makeSample } from '@hostpulse/testkit/samples';
import { startSimAgents, type SimAgents } from '@hostpulse/testkit/sim-agents';
import { SimulatedHost } from '@hostpulse/testkit/simulated-host';
import { TestSocket } from '@hostpulse/testkit/test-socket';
import { waitFor } from '@hostpulse/testkit/waits';

// The widest hosts seen in the field: 128 cores and 64 interfaces, about 20 KB a sample.
const CORES = 128;
const NICS = 64;
const SAMPLES = 300;

let hub: TestHub;
let wide: SimulatedHost;

/** The next sample of a simulated host, with NICS interfaces. */
function wideSample(host: SimulatedHost, tsMs: number): Sample {
  const sample = host.nextSample(tsMs);
  sample.net = Array.from({ length: NICS }, (_, n) => ({ ...sample.net[n % sample.net.length]!, name: `eth${n}` }));
  return sample;
}

/** GETs a path and returns its status, body bytes and parsed body. */
async function getRaw<T>(path: string): Promise<{ status: number; bytes: number; body: T }> {
  const res = await fetch(hub.url + path);
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) as T };
}

beforeAll(async () => {
  hub = await startTestHub();
  wide = new SimulatedHost('wide-host', 1000, 7, CORES);
  const agent = await TestSocket.open(`ws://127.0.0.1:${hub.port}/agent`);
  agent.send(wide.hello());
  await agent.next((m) => m.type === 'welcome');
  const startMs = Date.now() - SAMPLES * 1000;
  for (let i = 0; i < SAMPLES; i++) agent.send({ type: 'sample', sample: wideSample(wide, startMs + i * 1000) } satisfies AgentSample);
  await waitFor(() => getRaw<{ lastSeq: number }>('/api/hosts/wide-host'), (r) => r.body.lastSeq === SAMPLES, { timeout: 30_000, message: 'the wide host stored' });
  agent.close();
}, 60_000);

afterAll(async () => {
  await hub?.stop();
});

describe('samples answers of a wide host', () => {
  it('stay within MAX_SAMPLES_RESPONSE_BYTES, oldest first with more: true, and following the cursor reads every seq once in order', async () => {
    const seqs: number[] = [];
    let after = 0;
    let pages = 0;
    for (let more = true; more; pages++) {
      const { status, bytes, body } = await getRaw<SamplesResponse>(`/api/hosts/wide-host/samples?run=${wide.runId}&after=${after}&limit=3600`);
      expect(status).toBe(200);
      expect(isValid('SamplesResponse', body)).toBe(true);
      expect(bytes).toBeLessThanOrEqual(MAX_SAMPLES_RESPONSE_BYTES);
      expect(body.samples.length).toBeGreaterThan(0);
      seqs.push(...body.samples.map((s) => s.seq));
      more = body.more === true;
      after = body.samples.at(-1)!.seq;
      expect(pages).toBeLessThan(SAMPLES);
    }
    expect(seqs).toEqual(oneTo(SAMPLES));
    expect(pages).toBeGreaterThan(1);
  });

  it('answers a poll without a run with the newest samples that fit, ending at lastSeq', async () => {
    const { bytes, body } = await getRaw<SamplesResponse>('/api/hosts/wide-host/samples?limit=3600');
    expect(bytes).toBeLessThanOrEqual(MAX_SAMPLES_RESPONSE_BYTES);
    expect(body.samples.length).toBeGreaterThan(0);
    expect(body.samples.at(-1)!.seq).toBe(SAMPLES);
    expect(body.more).not.toBe(true);
  });
});

describe('overview frames of a large fleet', () => {
  // Enough hosts that their overview, sparklines included, is several times MAX_MESSAGE_BYTES.
  const HOSTS = 1500;
  const TOKEN = 'fleet-agent-token';
  let fleetHub: TestHub;
  let agents: SimAgents;

  beforeAll(async () => {
    fleetHub = await startTestHub(['--agent-token', TOKEN]);
    agents = await startSimAgents(fleetHub.url, TOKEN, HOSTS, { hostsPerAddress: 400 });
    // A few samples each, so every host has a line and a sparkline.
    await new Promise((r) => setTimeout(r, 3000));
  }, 60_000);

  afterAll(async () => {
    agents?.stop();
    await fleetHub?.stop();
  });

  it('reaches a new viewer in frames within MAX_MESSAGE_BYTES that add up to every host', { timeout: 60_000 }, async () => {
    const viewer = await TestSocket.open(`ws://127.0.0.1:${fleetHub.port}/live`);
    // Sizes of the messages from this one on (the welcome may already be in).
    const sizedFrom = viewer.messages.length;
    const sizes: number[] = [];
    viewer.ws.on('message', (data: Buffer) => sizes.push(data.length));
    const hosts = new Map<string, HostSummary>();
    let applied = 0;
    const applyFrames = (): void => {
      for (; applied < viewer.messages.length; applied++) {
        const msg = viewer.messages[applied]!;
        if (msg.type !== 'overview') continue;
        const frame = msg as unknown as OverviewFrame;
        if (frame.full) for (const id of hosts.keys()) if (!frame.hosts.some((h) => h.hostId === id)) hosts.delete(id);
        for (const host of frame.hosts) hosts.set(host.hostId, host);
        for (const id of frame.removed ?? []) hosts.delete(id);
      }
    };
    await viewer.next((m) => m.type === 'welcome');
    viewer.send({ type: 'subscribe', topic: OVERVIEW_TOPIC });
    await viewer.next(() => {
      applyFrames();
      return hosts.size === HOSTS;
    }, { timeoutMs: 30_000 });
    const frames = viewer.messages.slice(sizedFrom).map((m, i) => ({ m, bytes: sizes[i]! })).filter(({ m }) => m.type === 'overview');
    const first = frames[0]!.m as unknown as OverviewFrame;
    expect(first.full).toBe(true);
    // The snapshot alone is bigger than one frame may be: it came in parts.
    const snapshotBytes = frames.filter(({ m }) => m['version'] === first.version).reduce((sum, f) => sum + f.bytes, 0);
    expect(snapshotBytes).toBeGreaterThan(MAX_MESSAGE_BYTES);
    expect(Math.max(...frames.map((f) => f.bytes))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    viewer.close();
  });

  it('sends no second snapshot to a viewer that subscribes to the overview again', { timeout: 30_000 }, async () => {
    const viewer = await TestSocket.open(`ws://127.0.0.1:${fleetHub.port}/live`);
    viewer.send({ type: 'subscribe', topic: OVERVIEW_TOPIC });
    await viewer.next((m) => m.type === 'overview' && m['full'] === true);
    // The hub answers the inspect sent after the second subscribe: no full frame came between.
    const from = viewer.messages.length;
    viewer.send({ type: 'subscribe', topic: OVERVIEW_TOPIC });
    viewer.send({ type: 'inspect' });
    await viewer.next((m) => m.type === 'handshake', { from });
    expect(viewer.messages.slice(from).filter((m) => m.type === 'overview' && m['full'] === true)).toEqual([]);
    viewer.close();
  });
});

describe('windows of a wide host', () => {
  // An hour at one sample per 10 s, on a hub with a data dir, so roll-ups exist.
  const HOUR_MS = 3_600_000;
  const TOKEN = 'window-agent-token';
  let dir: string;
  let diskHub: TestHub;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-bounded-'));
    diskHub = await startTestHub(['--data-dir', path.join(dir, 'data'), '--agent-token', TOKEN]);
    const host = new SimulatedHost('wide-disk', 10_000, 11, CORES);
    const agent = await TestSocket.open(`ws://127.0.0.1:${diskHub.port}/agent`, { Authorization: `Bearer ${TOKEN}` });
    agent.send(host.hello());
    await agent.next((m) => m.type === 'welcome');
    const startMs = Date.now() - HOUR_MS;
    for (let i = 0; i < 360; i++) agent.send({ type: 'sample', sample: wideSample(host, startMs + i * 10_000) } satisfies AgentSample);
    await waitFor(async () => ((await (await fetch(`${diskHub.url}/api/hosts/wide-disk`)).json()) as { lastSeq: number }).lastSeq, (seq) => seq === 360, { timeout: 30_000, message: 'the hour stored' });
    agent.close();
  }, 60_000);

  afterAll(async () => {
    await diskHub?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers an hour at the most points from the minute roll-ups, within MAX_SERIES_LINE_POINTS, polled or pushed', async () => {
    const now = Date.now();
    const res = await fetch(`${diskHub.url}/api/hosts/wide-disk/series?from=${now - HOUR_MS}&to=${now}&points=${MAX_SERIES_POINTS}`);
    const series = (await res.json()) as SeriesResponse;
    expect(series.lines.length).toBeGreaterThan(2 * CORES);
    expect(series.t.length * series.lines.length).toBeLessThanOrEqual(MAX_SERIES_LINE_POINTS);
    // Fewer, wider buckets for a host this wide: the roll-ups hold them, so no raw row is folded.
    expect(series.tier).toBe('1m');

    const live = await TestSocket.open(`ws://127.0.0.1:${diskHub.port}/live`);
    live.send({ type: 'subscribe', topic: 'host/wide-disk', windowMs: HOUR_MS, points: MAX_SERIES_POINTS });
    const snapshot = (await live.next((m) => m.type === 'snapshot')) as unknown as Snapshot;
    live.close();
    expect(snapshot.series!.t.length * snapshot.series!.lines.length).toBeLessThanOrEqual(MAX_SERIES_LINE_POINTS);
    expect(snapshot.series!.tier).toBe('1m');
    expect(Buffer.byteLength(JSON.stringify(snapshot))).toBeLessThanOrEqual(MAX_WINDOW_LOAD_BYTES);
  });
});

describe('windows of a wide host on a hub without a data dir', () => {
  const HOUR_MS = 3_600_000;
  const STEP_MS = 10_000;
  const sent: Sample[] = [];

  /** Sample `seq` of a host as wide as `wide`'s, its figures in quarters so sums come out exact in any order. */
  function quarterSample(seq: number, tsMs: number): Sample {
    const sample = { ...makeSample('wide-memory', 'quarters', seq, STEP_MS), tsMs };
    const idle = 75 - ((seq * 7) % 40) / 4;
    sample.cpu.total = { ...sample.cpu.total, idlePct: idle };
    sample.cpu.cores = Array.from({ length: CORES }, (_, c) => ({ ...sample.cpu.total, idlePct: idle - (c % 8) / 4 }));
    sample.load = { one: (seq % 8) / 4, five: 1, fifteen: 1.25 };
    sample.net = Array.from({ length: NICS }, (_, n) => ({ ...sample.net[1]!, name: `eth${n}`, rxBytesPerSec: seq * 100 + n, txBytesPerSec: (seq % 13) * 10 }));
    return sample;
  }

  beforeAll(async () => {
    const agent = await TestSocket.open(`ws://127.0.0.1:${hub.port}/agent`);
    const host = new SimulatedHost('wide-memory', STEP_MS, 13, CORES);
    agent.send({ ...host.hello(), runId: 'quarters' });
    await agent.next((m) => m.type === 'welcome');
    // Just inside the hub's memory window (--history 1h), so nothing is past it.
    const startMs = Date.now() - HOUR_MS + 60_000;
    for (let seq = 1; startMs + seq * STEP_MS < Date.now(); seq++) sent.push(quarterSample(seq, startMs + seq * STEP_MS));
    for (const sample of sent) agent.send({ type: 'sample', sample } satisfies AgentSample);
    await waitFor(() => getRaw<{ lastSeq: number }>('/api/hosts/wide-memory'), (r) => r.body.lastSeq === sent.length, { timeout: 30_000, message: 'the hour stored' });
    agent.close();
  }, 60_000);

  it('answers an hour from the minute summaries of memory, the same figures as folding every raw sample', async () => {
    const now = Date.now();
    const { body: series } = await getRaw<SeriesResponse>(`/api/hosts/wide-memory/series?from=${now - HOUR_MS}&to=${now}&points=${MAX_SERIES_POINTS}`);
    expect(series.tier).toBe('1m');
    expect(series.t.length * series.lines.length).toBeLessThanOrEqual(MAX_SERIES_LINE_POINTS);

    // The same window folded here from the samples sent: per bucket and line, min, max, and the average rounded as the line is.
    const folds = new Map<string, Map<number, { min: number; max: number; sum: number; n: number }>>();
    for (const sample of sent) {
      if (sample.tsMs < series.fromMs || sample.tsMs > series.toMs) continue;
      const t = Math.floor(sample.tsMs / series.bucketMs) * series.bucketMs;
      for (const [id, v] of sampleChartValues(sample)) {
        if (!folds.has(id)) folds.set(id, new Map());
        const f = folds.get(id)!.get(t) ?? { min: Infinity, max: -Infinity, sum: 0, n: 0 };
        folds.get(id)!.set(t, { min: Math.min(f.min, v), max: Math.max(f.max, v), sum: f.sum + v, n: f.n + 1 });
      }
    }
    const times = [...new Set([...folds.values()].flatMap((byT) => [...byT.keys()]))].sort((a, b) => a - b);
    expect(series.t).toEqual(times);
    expect(series.lines.map((l) => l.id).sort()).toEqual([...folds.keys()].sort());
    for (const line of series.lines) {
      const { metric } = parseLineId(line.id);
      const byT = folds.get(line.id)!;
      const pick = (f: (x: { min: number; max: number; sum: number; n: number }) => number) => times.map((t) => (byT.has(t) ? roundForLine(metric, f(byT.get(t)!)) : null));
      expect({ id: line.id, avg: line.avg, min: line.min, max: line.max }).toEqual({ id: line.id, avg: pick((f) => f.sum / f.n), min: pick((f) => f.min), max: pick((f) => f.max) });
    }
  });
});
