import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SERIES_POINTS, MAX_WINDOW_LOAD_BYTES } from '@hostpulse/protocol';
import type { HubStats, Sample, SeriesResponse, Snapshot } from '@hostpulse/protocol';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { makeHello, makeSample } from '@hostpulse/testkit/samples';
import { TcpRelay } from '@hostpulse/testkit/tcp-relay';
import { TestSocket } from '@hostpulse/testkit/test-socket';

// A dashboard on a slow link opens every window of a wide host: each load stays
// within MAX_WINDOW_LOAD_BYTES, so none is dropped as a slow client.
const CORES = 16;
const HOUR_MS = 3_600_000;
const WINDOWS_MS = [300_000, HOUR_MS, 24 * HOUR_MS, 30 * 24 * HOUR_MS];
const LINK_BYTES_PER_SEC = 1_000_000;

/** A 16-core sample with figures that vary, as a busy host sends them. */
function wideSample(seq: number, tsMs: number): Sample {
  const sample = makeSample('wide-host', 'run-1', seq);
  const pct = (x: number) => Math.round(((Math.sin(seq / 7 + x) + 1) / 2) * 10000) / 100;
  sample.tsMs = tsMs;
  sample.cpu.cores = Array.from({ length: CORES }, (_, c) => ({ userPct: pct(c) / 2, systemPct: pct(c + 1) / 4, iowaitPct: 0, stealPct: 0, idlePct: 100 - pct(c) / 2 - pct(c + 1) / 4 }));
  sample.net = ['eth0', 'eth1', 'docker0'].map((name, i) => ({ name, rxBytesPerSec: (seq * 977 + i) % 5_000_000, txBytesPerSec: (seq * 631 + i) % 2_000_000, rxPacketsPerSec: seq % 4000, txPacketsPerSec: seq % 3000, rxErrorsPerSec: 0, txErrorsPerSec: 0 }));
  return sample;
}

let dir: string;
let hub: TestHub;
let relay: TcpRelay;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-window-'));
  // A hub with a data dir wants an agent token: given here, so the hub keeps none of its own.
  hub = await startTestHub(['--data-dir', path.join(dir, 'data'), '--agent-token', 'window-agent-token']);
  // The last hour at 1 s, and a sample every 10 minutes over the 30 days before it.
  const agent = await TestSocket.open(`ws://127.0.0.1:${hub.port}/agent`, { Authorization: 'Bearer window-agent-token' });
  agent.send(makeHello('wide-host', 'run-1'));
  await agent.next((m) => m.type === 'welcome');
  const now = Date.now();
  const times = [...Array.from({ length: 30 * 144 }, (_, i) => now - 31 * 24 * HOUR_MS + i * 600_000), ...Array.from({ length: 3600 }, (_, i) => now - HOUR_MS + i * 1000)];
  times.forEach((tsMs, i) => agent.send({ type: 'sample', sample: wideSample(i + 1, tsMs) }));
  const deadline = Date.now() + 60_000;
  for (let lastSeq = 0; lastSeq < times.length && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 250));
    lastSeq = ((await (await fetch(`${hub.url}/api/hosts/wide-host`)).json()) as { lastSeq: number }).lastSeq;
  }
  agent.close();
  relay = await TcpRelay.start(hub.port);
  relay.throttle(LINK_BYTES_PER_SEC);
}, 90_000);

afterAll(async () => {
  await relay?.close();
  await hub?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('window loads behind a 1 MB/s link', () => {
  it('opens the 5 m, 1 h, 24 h and 30 d windows of a 16-core host on /live, each within the window budget, none dropped', { timeout: 60_000 }, async () => {
    const live = await TestSocket.open(`ws://127.0.0.1:${relay.port}/live`);
    const raw: Buffer[] = [];
    live.ws.on('message', (data: Buffer) => raw.push(data));
    for (const windowMs of WINDOWS_MS) {
      const from = live.messages.length;
      live.send({ type: 'subscribe', topic: 'host/wide-host', windowMs, points: MAX_SERIES_POINTS });
      const snapshot = (await live.next((m) => m.type === 'snapshot', { from, timeoutMs: 20_000 })) as unknown as Snapshot;
      const bytes = raw.filter((b) => b.includes('"type":"snapshot"')).at(-1)!.length;
      expect(bytes).toBeLessThanOrEqual(MAX_WINDOW_LOAD_BYTES);
      const series = snapshot.series!;
      expect(series.t.length).toBeGreaterThan(0);
      expect(series.lines.map((l) => l.id)).toContain(`core:${CORES - 1}`);
      expect(series.t[0]!).toBeGreaterThanOrEqual(series.fromMs - series.bucketMs);
      live.send({ type: 'unsubscribe', topic: 'host/wide-host' });
    }
    expect(live.ws.readyState).toBe(live.ws.OPEN);
    const stats = (await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats;
    expect(stats.faults['slowClientDropped']).toBe(0);
    live.close();
  });

  it('answers GET /series for each window through the same link within the budget, from a coarser tier as the window grows', { timeout: 60_000 }, async () => {
    const tiers: string[] = [];
    for (const windowMs of WINDOWS_MS) {
      const now = Date.now();
      const res = await fetch(`http://127.0.0.1:${relay.port}/api/hosts/wide-host/series?from=${now - windowMs}&to=${now}&points=600`);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_WINDOW_LOAD_BYTES);
      const series = JSON.parse(text) as SeriesResponse;
      expect(series.t.length).toBeLessThanOrEqual(600);
      tiers.push(series.tier);
    }
    expect(tiers).toEqual(['raw', 'raw', '1m', '1h']);
  });
});
