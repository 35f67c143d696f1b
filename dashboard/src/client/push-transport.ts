import { ALERTS_TOPIC, LIVE_PATH, OVERVIEW_TOPIC, STATS_TOPIC, hostTopic, parseTopic, wsFrameHeaderBytes } from '@hostpulse/protocol';
import type { LiveClientMessage, LiveServerMessage } from '@hostpulse/protocol';
import { RESUME_LIMIT, backoffMs, hubUrl, type Transport, type TransportContext, type Watch } from './transport.js';
import { utf8Bytes } from './wire-figures.js';

/** Options of the push transport; defaults suit a dashboard on a LAN. */
export interface PushOptions {
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
}

/** The hub's /live WebSocket URL for a page served from `baseUrl` (prefix kept). */
export function liveUrl(baseUrl: string): string {
  const url = hubUrl(baseUrl, LIVE_PATH);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

function desiredTopics(watch: Watch): Set<string> {
  const topics = new Set<string>();
  if (watch.overview) topics.add(OVERVIEW_TOPIC);
  if (watch.stats) topics.add(STATS_TOPIC);
  if (watch.alerts) topics.add(ALERTS_TOPIC);
  if (watch.host) topics.add(hostTopic(watch.host.hostId));
  return topics;
}

/**
 * Push: one WebSocket to /live, subscriptions for what is watched, reconnect with a
 * capped backoff. A host is subscribed with its window (`windowMs`, `points`), so the
 * snapshot carries the window's buckets; after a reconnect or a transport swap it is
 * subscribed with its cursor (runId + afterSeq) instead, so the snapshot holds exactly
 * the samples missed.
 */
export function createPushTransport(context: TransportContext, options: PushOptions = {}): Transport {
  const { reconnectBaseMs = 500, reconnectMaxMs = 10_000 } = options;
  const { events, wire } = context;
  let socket: WebSocket | null = null;
  let watch: Watch = { overview: false, stats: false, host: null };
  let subscribed = new Set<string>();
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function send(message: LiveClientMessage): void {
    if (!socket) return;
    const text = JSON.stringify(message);
    socket.send(text);
    events.traffic(0, 1);
    const payloadBytes = utf8Bytes(text);
    wire?.frame({ atMs: Date.now(), direction: 'out', kind: `text: ${message.type}`, payloadBytes, headerBytes: wsFrameHeaderBytes(payloadBytes, true) });
  }

  function subscribe(topic: string, withCursor: boolean): void {
    const host = watch.host;
    if (host && topic === hostTopic(host.hostId)) {
      const cursor = withCursor ? context.cursorOf(host.hostId) : undefined;
      send(cursor ? { type: 'subscribe', topic, runId: cursor.runId, afterSeq: cursor.lastSeq, limit: RESUME_LIMIT } : { type: 'subscribe', topic, windowMs: host.windowMs, points: host.points });
    } else {
      send({ type: 'subscribe', topic });
    }
    subscribed.add(topic);
  }

  function sync(): void {
    const wanted = desiredTopics(watch);
    for (const topic of subscribed) {
      if (wanted.has(topic)) continue;
      send({ type: 'unsubscribe', topic });
      subscribed.delete(topic);
    }
    for (const topic of wanted) if (!subscribed.has(topic)) subscribe(topic, true);
  }

  function dispatch(message: LiveServerMessage): void {
    switch (message.type) {
      case 'welcome':
        attempt = 0;
        events.connection('live');
        sync();
        // The handshake is hidden from page scripts; the hub kept it for this socket.
        if (wire) send({ type: 'inspect' });
        return;
      case 'handshake':
        wire?.handshakeReceived(message);
        return;
      case 'snapshot':
        events.hostInfo(message.host);
        if (message.series) events.series(message.host.hostId, message.series);
        if (message.samples.length > 0) events.samples(message.host.hostId, message.samples);
        return;
      case 'sample':
        events.samples(message.sample.hostId, [message.sample]);
        return;
      case 'processes':
        events.processes(message.table);
        return;
      case 'host-status':
        events.hostStatus({ hostId: message.hostId, online: message.online, runId: message.runId, lastSeenMs: message.lastSeenMs });
        return;
      case 'overview':
        events.overview({ full: message.full, version: message.version, hubTimeMs: message.hubTimeMs, hosts: message.hosts, removed: message.removed ?? [] });
        return;
      case 'stats':
        events.stats(message.stats);
        return;
      case 'alerts': {
        const { type: _type, ...update } = message;
        events.alerts(update);
        return;
      }
      case 'error': {
        // A host the hub does not know: forget the subscription, so a later sync asks again.
        const topic = message.topic === undefined ? null : parseTopic(message.topic);
        if (topic?.kind === 'host' && message.topic !== undefined) {
          subscribed.delete(message.topic);
          events.hostUnknown(topic.hostId);
        } else {
          console.warn('hub refused a request', message.message, message.topic ?? '');
        }
        return;
      }
      default: {
        const never: never = message;
        return never;
      }
    }
  }

  function connect(): void {
    events.connection(attempt === 0 ? 'connecting' : 'retrying');
    const ws = new WebSocket(liveUrl(context.baseUrl));
    socket = ws;
    ws.onopen = () => {
      if (socket === ws) wire?.opened();
    };
    ws.onmessage = (event: MessageEvent<unknown>) => {
      if (socket !== ws || typeof event.data !== 'string') return;
      const payloadBytes = utf8Bytes(event.data);
      const headerBytes = wsFrameHeaderBytes(payloadBytes, false);
      events.traffic(payloadBytes + headerBytes, 0);
      const message = JSON.parse(event.data) as LiveServerMessage;
      wire?.frame({ atMs: Date.now(), direction: 'in', kind: `text: ${message.type}`, payloadBytes, headerBytes });
      dispatch(message);
    };
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws || stopped) return;
      wire?.closed(event.code, event.reason, event.wasClean, false);
      socket = null;
      subscribed = new Set();
      const delayMs = backoffMs(attempt, reconnectBaseMs, reconnectMaxMs);
      attempt += 1;
      events.connection('retrying', `closed (${event.code}); retry in ${Math.round(delayMs / 100) / 10} s`);
      retryTimer = setTimeout(connect, delayMs);
    };
  }

  return {
    mode: 'push',
    start(initial) {
      watch = initial;
      connect();
    },
    setWatch(next) {
      watch = next;
      // sync unsubscribes a topic no longer wanted (the old host's) before it subscribes the new ones.
      if (socket?.readyState === WebSocket.OPEN) sync();
    },
    loadWindow(hostId) {
      if (watch.host?.hostId !== hostId) return;
      const topic = hostTopic(hostId);
      if (socket?.readyState !== WebSocket.OPEN || !subscribed.has(topic)) return;
      send({ type: 'unsubscribe', topic });
      subscribe(topic, false);
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'transport switched');
      if (ws) wire?.closed(1000, 'transport switched', true, true);
      events.connection('stopped');
    },
  };
}
