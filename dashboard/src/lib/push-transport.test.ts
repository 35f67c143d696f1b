import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveClientMessage, LiveServerMessage } from '@hostpulse/protocol';
import { createPushTransport, liveUrl } from './push-transport.js';
import type { Cursor } from './series.js';
import type { TransportEvents } from './transport.js';

/** A WebSocket stand-in the test opens, feeds and closes by hand. */
class FakeSocket {
  static readonly OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: LiveClientMessage[] = [];
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
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
  drop(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const welcome: LiveServerMessage = { type: 'welcome', protocolVersion: 1, hubTimeMs: 0 };

function events(log: string[]): TransportEvents {
  const ignore = (): void => {};
  return { overview: ignore, hostInfo: ignore, hostUnknown: ignore, samples: ignore, processes: ignore, hostStatus: ignore, stats: ignore, connection: (s) => log.push(s), traffic: ignore };
}

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
    const transport = createPushTransport({ baseUrl: 'http://hub.test', clientId: 'tab', events: events(log), cursorOf: () => cursor }, { reconnectBaseMs: 500, reconnectMaxMs: 4000 });
    transport.start({ overview: true, stats: true, host: { hostId: 'web-1', limit: 65 } });
    const first = FakeSocket.instances[0]!;
    first.receive(welcome);
    expect(first.sent).toEqual([
      { type: 'subscribe', topic: 'overview' },
      { type: 'subscribe', topic: 'stats' },
      { type: 'subscribe', topic: 'host/web-1', limit: 65 },
    ]);

    cursor = { runId: 'run-a', lastSeq: 42, lastHubRxMs: 0 };
    first.drop(1006);
    expect(log).toEqual(['connecting', 'live', 'retrying']);
    await vi.advanceTimersByTimeAsync(600);
    const second = FakeSocket.instances[1]!;
    second.receive(welcome);
    expect(second.sent).toContainEqual({ type: 'subscribe', topic: 'host/web-1', runId: 'run-a', afterSeq: 42, limit: 65 });
    transport.stop();
  });

  it('backs off longer after each failed attempt, up to the cap', async () => {
    const transport = createPushTransport({ baseUrl: 'http://hub.test', clientId: 'tab', events: events([]), cursorOf: () => undefined }, { reconnectBaseMs: 500, reconnectMaxMs: 2000 });
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
    const transport = createPushTransport({ baseUrl: 'http://hub.test', clientId: 'tab', events: events([]), cursorOf: () => undefined });
    transport.start({ overview: false, stats: false, host: { hostId: 'web-1', limit: 65 } });
    const socket = FakeSocket.instances[0]!;
    socket.receive(welcome);
    transport.setWatch({ overview: false, stats: false, host: { hostId: 'db-1', limit: 65 } });
    expect(socket.sent.slice(1)).toEqual([
      { type: 'unsubscribe', topic: 'host/web-1' },
      { type: 'subscribe', topic: 'host/db-1', limit: 65 },
    ]);
    transport.stop();
  });

  it('reports an unknown host and subscribes again when asked later', () => {
    const unknown: string[] = [];
    const transport = createPushTransport({ baseUrl: 'http://hub.test', clientId: 'tab', events: { ...events([]), hostUnknown: (id) => unknown.push(id) }, cursorOf: () => undefined });
    const watch = { overview: false, stats: false, host: { hostId: 'gone-1', limit: 65 } };
    transport.start(watch);
    const socket = FakeSocket.instances[0]!;
    socket.receive(welcome);
    socket.receive({ type: 'error', message: 'no host', topic: 'host/gone-1' });
    expect(unknown).toEqual(['gone-1']);
    transport.setWatch(watch);
    expect(socket.sent.filter((m) => m.type === 'subscribe')).toHaveLength(2);
    transport.stop();
  });
});
