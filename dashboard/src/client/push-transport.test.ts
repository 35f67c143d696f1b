import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostInfo, LiveClientMessage, LiveServerMessage, SeriesResponse } from '@hostpulse/protocol';
import { createPushTransport, liveUrl } from './push-transport.js';
import type { Cursor } from './cursor.js';
import type { TransportContext, TransportEvents, WireTap } from './transport.js';
import type { FrameRecord } from './wire-figures.js';

/** A WebSocket stand-in the test opens, feeds and closes by hand. */
class FakeSocket {
  static readonly OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: LiveClientMessage[] = [];
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number; reason?: string; wasClean?: boolean }) => void) | null = null;
  onopen: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as LiveClientMessage);
  }
  close(): void {
    this.readyState = 3;
  }
  receive(message: LiveServerMessage): void {
    this.readyState = FakeSocket.OPEN;
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code: number, reason = '', wasClean = false): void {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean });
  }
}

const welcome: LiveServerMessage = { type: 'welcome', protocolVersion: 1, hubTimeMs: 0 };

function events(log: string[]): TransportEvents {
  const ignore = (): void => {};
  return { overview: ignore, hostInfo: ignore, hostUnknown: ignore, series: ignore, samples: ignore, processes: ignore, hostStatus: ignore, stats: ignore, alerts: ignore, connection: (s) => log.push(s), traffic: ignore };
}

function contextOf(events: TransportEvents, cursorOf: TransportContext['cursorOf'] = () => undefined): TransportContext {
  return { baseUrl: 'http://hub.test', clientId: 'tab', events, cursorOf, hubNowMs: () => Date.now() };
}

const host = (hostId: string) => ({ hostId, windowMs: 86_400_000, points: 400 });

describe('push transport', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('derives the /live URL from the page address', () => {
    expect(liveUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/live');
    expect(liveUrl('https://metrics.example/')).toBe('wss://metrics.example/live');
    expect(liveUrl('https://example.org/hostpulse/')).toBe('wss://example.org/hostpulse/live');
  });

  it('subscribes after welcome, and after a drop reconnects and resubscribes from the cursor', async () => {
    const log: string[] = [];
    let cursor: Cursor | undefined;
    const transport = createPushTransport(contextOf(events(log), () => cursor), { reconnectBaseMs: 500, reconnectMaxMs: 4000 });
    transport.start({ overview: true, stats: true, host: host('web-1') });
    const first = FakeSocket.instances[0]!;
    first.receive(welcome);
    expect(first.sent).toEqual([
      { type: 'subscribe', topic: 'overview' },
      { type: 'subscribe', topic: 'stats' },
      { type: 'subscribe', topic: 'host/web-1', windowMs: 86_400_000, points: 400 },
    ]);

    cursor = { runId: 'run-a', lastSeq: 42, lastHubRxMs: 0 };
    first.drop(1006);
    expect(log).toEqual(['connecting', 'live', 'retrying']);
    await vi.advanceTimersByTimeAsync(600);
    const second = FakeSocket.instances[1]!;
    second.receive(welcome);
    expect(second.sent).toContainEqual({ type: 'subscribe', topic: 'host/web-1', runId: 'run-a', afterSeq: 42, limit: 300 });
    transport.stop();
  });

  it('backs off longer after each failed attempt, up to the cap', async () => {
    const transport = createPushTransport(contextOf(events([])), { reconnectBaseMs: 500, reconnectMaxMs: 2000 });
    transport.start({ overview: true, stats: false, host: null });
    for (let i = 0; i < 4; i += 1) {
      FakeSocket.instances[i]!.drop(1006);
      // The 4th wait is capped at 2 s; none is shorter than 80% of 500 ms.
      await vi.advanceTimersByTimeAsync(399);
      expect(FakeSocket.instances).toHaveLength(i + 1);
      await vi.advanceTimersByTimeAsync(2000);
      expect(FakeSocket.instances).toHaveLength(i + 2);
    }
    transport.stop();
  });

  it('switches host topics when another host is opened', () => {
    const transport = createPushTransport(contextOf(events([])));
    transport.start({ overview: false, stats: false, host: host('web-1') });
    const socket = FakeSocket.instances[0]!;
    socket.receive(welcome);
    transport.setWatch({ overview: false, stats: false, host: host('db-1') });
    expect(socket.sent.slice(1)).toEqual([
      { type: 'unsubscribe', topic: 'host/web-1' },
      { type: 'subscribe', topic: 'host/db-1', windowMs: 86_400_000, points: 400 },
    ]);
    transport.stop();
  });

  it('reports an unknown host and subscribes again when asked later', () => {
    const unknown: string[] = [];
    const transport = createPushTransport(contextOf({ ...events([]), hostUnknown: (id) => unknown.push(id) }));
    const watch = { overview: false, stats: false, host: host('gone-1') };
    transport.start(watch);
    const socket = FakeSocket.instances[0]!;
    socket.receive(welcome);
    socket.receive({ type: 'error', message: 'no host', topic: 'host/gone-1' });
    expect(unknown).toEqual(['gone-1']);
    transport.setWatch(watch);
    expect(socket.sent.filter((m) => m.type === 'subscribe')).toHaveLength(2);
    transport.stop();
  });

  it('tells the wire inspector every frame each way with its header, asks for the handshake, and names who closed', () => {
    const frames: FrameRecord[] = [];
    const closes: unknown[][] = [];
    let handshakes = 0;
    const wire: WireTap = {
      opened: () => undefined,
      frame: (f) => frames.push(f),
      handshakeReceived: () => (handshakes += 1),
      closed: (...args) => closes.push(args),
    };
    const transport = createPushTransport({ ...contextOf(events([])), wire });
    transport.start({ overview: true, stats: false, host: null });
    const socket = FakeSocket.instances[0]!;
    socket.receive(welcome);
    expect(socket.sent).toEqual([{ type: 'subscribe', topic: 'overview' }, { type: 'inspect' }]);
    const big = { type: 'error', message: 'x'.repeat(200) } as const;
    socket.receive(big);
    socket.receive({ type: 'handshake', request: { line: 'GET /live HTTP/1.1', headers: [], bytes: 20 }, response: { line: 'HTTP/1.1 101 Switching Protocols', headers: [], bytes: 36 } });
    expect(handshakes).toBe(1);
    expect(frames.map((f) => [f.direction, f.kind, f.headerBytes])).toEqual([
      ['in', 'text: welcome', 2],
      ['out', 'text: subscribe', 6],
      ['out', 'text: inspect', 6],
      ['in', 'text: error', 4],
      ['in', 'text: handshake', 4],
    ]);
    expect(frames[3]!.payloadBytes).toBe(JSON.stringify(big).length);
    socket.drop(4408, 'too slow to read', true);
    expect(closes).toEqual([[4408, 'too slow to read', true, false]]);
    const again = FakeSocket.instances[1];
    expect(again).toBeUndefined();
    vi.advanceTimersByTime(30_000);
    FakeSocket.instances[1]!.receive(welcome);
    transport.stop();
    expect(closes[1]).toEqual([1000, 'transport switched', true, true]);
  });

  it('hands on the window of a snapshot, then live samples, and resubscribes with the new window when asked', () => {
    const got: string[] = [];
    const transport = createPushTransport(contextOf({ ...events([]), series: (id, series) => got.push(`series ${id} ${series.lastSeq}`), samples: (id, samples) => got.push(`samples ${id} ${samples.map((s) => s.seq).join(',')}`) }));
    transport.start({ overview: false, stats: false, host: host('web-1') });
    const socket = FakeSocket.instances[0]!;
    socket.receive(welcome);
    const series = { hostId: 'web-1', fromMs: 0, toMs: 1000, tier: '1m', bucketMs: 60_000, runId: 'r', lastSeq: 7, t: [], lines: [] } as SeriesResponse;
    socket.receive({ type: 'snapshot', topic: 'host/web-1', host: { hostId: 'web-1' } as HostInfo, samples: [], series });
    socket.receive({ type: 'sample', sample: { hostId: 'web-1', seq: 8 } as never });
    expect(got).toEqual(['series web-1 7', 'samples web-1 8']);
    transport.setWatch({ overview: false, stats: false, host: { ...host('web-1'), windowMs: 300_000 } });
    transport.loadWindow('web-1');
    expect(socket.sent.slice(1)).toEqual([
      { type: 'unsubscribe', topic: 'host/web-1' },
      { type: 'subscribe', topic: 'host/web-1', windowMs: 300_000, points: 400 },
    ]);
    transport.stop();
  });
});
